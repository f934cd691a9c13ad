package dev.soulbox.agent.process;

import com.google.protobuf.ByteString;
import dev.soulbox.agent.os.NativeProcess;
import dev.soulbox.agent.os.Posix;
import dev.soulbox.agent.os.ProcessGroupLedger;
import dev.soulbox.agent.os.WaitStatus;
import dev.soulbox.agent.pty.PtySize;
import dev.soulbox.agent.pty.Terminal;
import dev.soulbox.grpc.FailedPreconditionException;
import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.proto.process.ProcessConfig;
import dev.soulbox.proto.process.ProcessInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process the agent started and owns: its output buffer, its stdin, its signals and its end.
 * The agent, not any call, decides when it dies: a client going away only detaches.
 */
final class ManagedProcess {
  private static final Logger log = LoggerFactory.getLogger(ManagedProcess.class);
  private static final int READ_BUFFER = 32 * 1024;
  /** How long output may keep flowing after the process exits (from children holding its pipes). */
  private static final long DRAIN_AFTER_EXIT_MS = 1_000;

  /** What the launcher produced: pipes or a terminal, and the process group's entry in the ledger. */
  record Spawned(long pid, OutputStream stdin, List<Map.Entry<OutputBuffer.Stream, InputStream>> outputs,
                 CompletableFuture<WaitStatus> exit, Terminal terminal, ProcessGroupLedger.Entry ledgerEntry) {
    /** Starts reaping {@code p}: record it in the ledger first. */
    static Spawned ofPipes(NativeProcess p, ProcessGroupLedger.Entry ledgerEntry) {
      return new Spawned(p.pid(), p.stdin(),
          List.of(Map.entry(OutputBuffer.Stream.STDOUT, p.stdout()), Map.entry(OutputBuffer.Stream.STDERR, p.stderr())),
          p.onExit(), null, ledgerEntry);
    }

    static Spawned ofTerminal(Terminal t, ProcessGroupLedger.Entry ledgerEntry) {
      return new Spawned(t.pid(), t.input(), List.of(Map.entry(OutputBuffer.Stream.PTY, t.output())),
          t.onExit().thenApply(WaitStatus::exitedWith), t, ledgerEntry);
    }
  }

  private final Spawned spawned;
  private final ProcessConfig config;
  private final String tag;
  private final boolean stdinEnabled;
  private final OutputBuffer output;
  private final CompletableFuture<ExitStatus> end = new CompletableFuture<>();
  private final Object stdinLock = new Object();
  private boolean stdinClosed;
  private volatile int lastSignal;
  private volatile boolean deadlineExpired;
  private volatile ExitStatus exitStatus;
  private ScheduledFuture<?> deadlineKill;

  ManagedProcess(Spawned spawned, ProcessConfig config, String tag, boolean stdinEnabled, OutputBuffer output) {
    this.spawned = spawned;
    this.config = config;
    this.tag = tag;
    this.stdinEnabled = stdinEnabled;
    this.output = output;
  }

  /**
   * Starts reading output and watching for the exit, on {@code threads} (readers block, so it
   * must grow as needed). Call once subscribers that need every byte are in place.
   */
  void begin(Executor threads) {
    CountDownLatch readersDone = new CountDownLatch(spawned.outputs().size());
    for (Map.Entry<OutputBuffer.Stream, InputStream> source : spawned.outputs()) {
      threads.execute(named("output-" + pid() + "-" + source.getKey().name().toLowerCase(Locale.ROOT), () -> {
        try {
          pump(source.getKey(), source.getValue());
        } finally {
          readersDone.countDown();
        }
      }));
    }
    // finish on the thread that saw the exit (the reaper, which has nothing else to do), unless
    // the exit was already known and this is the caller's thread, which must not wait for readers
    Thread caller = Thread.currentThread();
    spawned.exit().whenComplete((status, error) -> {
      Runnable finisher = named("exit-" + pid(), () -> finish(status, error, readersDone));
      if (Thread.currentThread() == caller) {
        threads.execute(finisher);
      } else {
        finisher.run();
      }
    });
  }

  /** Runs {@code task} under {@code name}, so a thread dump tells which process a pooled thread serves. */
  private static Runnable named(String name, Runnable task) {
    return () -> {
      Thread thread = Thread.currentThread();
      String pooledName = thread.getName();
      thread.setName(name);
      try {
        task.run();
      } finally {
        thread.setName(pooledName);
      }
    };
  }

  long pid() {
    return spawned.pid();
  }

  String tag() {
    return tag;
  }

  boolean hasPty() {
    return spawned.terminal() != null;
  }

  boolean running() {
    return !spawned.exit().isDone();
  }

  OutputBuffer output() {
    return output;
  }

  /** Completes once the process has exited and its output is closed. */
  CompletableFuture<ExitStatus> end() {
    return end;
  }

  /** Set before the output closes, so a subscriber that finished reading can always see it. */
  ExitStatus exitStatus() {
    return exitStatus;
  }

  ProcessInfo info() {
    ProcessInfo.Builder info = ProcessInfo.newBuilder().setConfig(config).setPid((int) pid());
    if (tag != null) {
      info.setTag(tag);
    }
    return info.build();
  }

  /**
   * Kills the process when {@code delayMillis} have passed: a call's deadline is the process's
   * lifetime. As envd does, only its pid is killed, so daemons it put in the background
   * ({@code server &}) keep running; killing the whole group is SIGNAL's explicit choice.
   */
  void killAfter(long delayMillis, ScheduledExecutorService scheduler) {
    deadlineKill = scheduler.schedule(() -> {
      if (running()) {
        deadlineExpired = true;
        log.info("process {} reached its deadline; killing it", pid());
        signal(Signals.SIGKILL);
      }
    }, delayMillis, TimeUnit.MILLISECONDS);
  }

  void signal(int signal) {
    requireRunningForSignal();
    lastSignal = signal;
    Posix.kill(pid(), signal);
  }

  void signalGroup(int signal) {
    requireRunningForSignal();
    lastSignal = signal;
    // the process leads its own session and group (POSIX_SPAWN_SETSID, or the pty's): its pid is the group id
    if (!Posix.killGroup(pid(), signal)) {
      Posix.kill(pid(), signal);
    }
  }

  /** Signals the process group whether or not its leader still runs; used when the agent shuts down. */
  void signalGroupQuietly(int signal) {
    try {
      Posix.killGroup(pid(), signal);
    } catch (RuntimeException e) {
      log.debug("signal {} to group {}: {}", signal, pid(), e.toString());
    }
  }

  void writeStdin(ByteString bytes) {
    if (hasPty()) {
      throw new FailedPreconditionException("process " + pid() + " runs on a PTY; send its input as pty bytes");
    }
    if (!stdinEnabled) {
      throw new FailedPreconditionException("process " + pid() + " was started with stdin disabled");
    }
    write(bytes, "stdin");
  }

  void writePty(ByteString bytes) {
    if (!hasPty()) {
      throw new FailedPreconditionException("process " + pid() + " has no PTY; send its input as stdin bytes");
    }
    write(bytes, "PTY input");
  }

  void closeStdin() {
    if (hasPty()) {
      throw new FailedPreconditionException(
          "process " + pid() + " runs on a PTY, which has no separate stdin; send Ctrl-D (0x04) as pty input");
    }
    if (!stdinEnabled) {
      throw new FailedPreconditionException("process " + pid() + " was started with stdin disabled");
    }
    synchronized (stdinLock) {
      if (!stdinClosed) {
        stdinClosed = true;
        try {
          spawned.stdin().close();
        } catch (IOException e) {
          log.debug("closing stdin of {}: {}", pid(), e.toString());
        }
      }
    }
  }

  void resize(PtySize size) {
    if (!hasPty()) {
      throw new FailedPreconditionException("process " + pid() + " has no PTY to resize");
    }
    requireRunning();
    spawned.terminal().resize(size);
  }

  private void write(ByteString bytes, String what) {
    requireRunning();
    synchronized (stdinLock) {
      if (stdinClosed) {
        throw new FailedPreconditionException(what + " of process " + pid() + " is closed");
      }
      try {
        OutputStream in = spawned.stdin();
        bytes.writeTo(in);
        in.flush();
      } catch (IOException e) {
        throw new FailedPreconditionException(what + " of process " + pid() + " is closed: " + e.getMessage());
      }
    }
  }

  /**
   * A process that has exited is not found by a signal, as envd answers it: E2B's SDKs read NOT_FOUND from a kill as
   * "it was not running" ({@code kill()} returns false) and anything else as a failure.
   */
  private void requireRunningForSignal() {
    if (!running()) {
      throw new NotFoundException("process " + pid() + " has already exited");
    }
  }

  private void requireRunning() {
    if (!running()) {
      throw new FailedPreconditionException("process " + pid() + " has already exited");
    }
  }

  private void pump(OutputBuffer.Stream stream, InputStream in) {
    byte[] buffer = new byte[READ_BUFFER];
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        output.append(stream, buffer, n);
      }
    } catch (IOException e) {
      // the stream was closed: a pty reports EIO when its last writer is gone
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Forgets the process group once the registry lets go of the process: a later agent leaves it alone. */
  void release() {
    spawned.ledgerEntry().close();
  }

  private void finish(WaitStatus status, Throwable error, CountDownLatch readersDone) {
    try {
      readersDone.await(DRAIN_AFTER_EXIT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (deadlineKill != null) {
      deadlineKill.cancel(false);
    }
    exitStatus = error != null ? ExitStatus.failed(error.toString())
        : ExitStatus.of(status, hasPty(), lastSignal, deadlineExpired);
    output.close();
    if (spawned.terminal() != null) {
      spawned.terminal().close();
    } else if (spawned.stdin() != null) {
      closeQuietly(spawned.stdin());
    }
    log.debug("process {} ended: {}", pid(), exitStatus.status());
    end.complete(exitStatus);
  }

  private static void closeQuietly(OutputStream stream) {
    try {
      stream.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
