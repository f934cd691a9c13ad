package dev.soulbox.agent.process;

import com.google.protobuf.ByteString;
import dev.soulbox.agent.error.FailedPreconditionException;
import dev.soulbox.agent.os.Posix;
import dev.soulbox.agent.pty.PtySize;
import dev.soulbox.agent.pty.Terminal;
import dev.soulbox.proto.process.ProcessConfig;
import dev.soulbox.proto.process.ProcessInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

  /** What the launcher produced: pipes or a terminal. */
  record Spawned(long pid, OutputStream stdin, List<Map.Entry<OutputBuffer.Stream, InputStream>> outputs,
                 CompletableFuture<Integer> exit, Terminal terminal) {
    static Spawned ofPipes(Process p) {
      return new Spawned(p.pid(), p.getOutputStream(),
          List.of(Map.entry(OutputBuffer.Stream.STDOUT, p.getInputStream()),
              Map.entry(OutputBuffer.Stream.STDERR, p.getErrorStream())),
          p.onExit().thenApply(Process::exitValue), null);
    }

    static Spawned ofTerminal(Terminal t) {
      return new Spawned(t.pid(), t.input(), List.of(Map.entry(OutputBuffer.Stream.PTY, t.output())), t.onExit(), t);
    }
  }

  private final Spawned spawned;
  private final ProcessConfig config;
  private final String tag;
  private final boolean stdinEnabled;
  private final OutputBuffer output;
  private final CompletableFuture<ExitStatus> end = new CompletableFuture<>();
  private final List<Thread> readers = new ArrayList<>();
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

  /** Starts reading output and watching for the exit. Call once subscribers that need every byte are in place. */
  void begin() {
    for (Map.Entry<OutputBuffer.Stream, InputStream> source : spawned.outputs()) {
      Thread reader = new Thread(() -> pump(source.getKey(), source.getValue()),
          "output-" + pid() + "-" + source.getKey().name().toLowerCase());
      reader.setDaemon(true);
      readers.add(reader);
      reader.start();
    }
    spawned.exit().whenComplete((code, error) -> {
      Thread finisher = new Thread(() -> finish(code, error), "exit-" + pid());
      finisher.setDaemon(true);
      finisher.start();
    });
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

  /** Kills the whole process group when {@code delayMillis} have passed: a call's deadline is the process's lifetime. */
  void killAfter(long delayMillis, ScheduledExecutorService scheduler) {
    deadlineKill = scheduler.schedule(() -> {
      if (running()) {
        deadlineExpired = true;
        log.info("process {} reached its deadline; killing its process group", pid());
        signalGroup(Signals.SIGKILL);
      }
    }, delayMillis, TimeUnit.MILLISECONDS);
  }

  void signal(int signal) {
    requireRunning();
    lastSignal = signal;
    Posix.kill(pid(), signal);
  }

  void signalGroup(int signal) {
    requireRunning();
    lastSignal = signal;
    // the process leads its own group (setsid, or the pty's session), so its pid is the group id
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

  private void finish(Integer code, Throwable error) {
    long deadline = System.currentTimeMillis() + DRAIN_AFTER_EXIT_MS;
    for (Thread reader : readers) {
      try {
        reader.join(Math.max(1, deadline - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (deadlineKill != null) {
      deadlineKill.cancel(false);
    }
    exitStatus = error != null ? ExitStatus.failed(error.toString()) : interpret(code);
    output.close();
    if (spawned.terminal() != null) {
      spawned.terminal().close();
    }
    log.debug("process {} ended: {}", pid(), exitStatus.status());
    end.complete(exitStatus);
  }

  /**
   * The JDK reports death by signal N as exit code 128+N, like a shell. When the agent sent that
   * signal itself (SendSignal, Signal, a deadline), it is reported as envd does: a signal, code -1.
   */
  private ExitStatus interpret(int code) {
    if (deadlineExpired && code == 128 + Signals.SIGKILL) {
      return ExitStatus.signaled(Signals.SIGKILL, "process was killed at its deadline");
    }
    int signal = lastSignal;
    if (signal != 0 && code == 128 + signal) {
      return ExitStatus.signaled(signal, null);
    }
    return ExitStatus.exited(code);
  }
}
