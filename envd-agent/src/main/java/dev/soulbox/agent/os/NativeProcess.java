package dev.soulbox.agent.os;

import com.sun.jna.LastErrorException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A child started by {@link PosixSpawn}: its pid, its pipes and its end. The agent reaps it with
 * {@code waitpid(pid)} on a pooled thread once {@link #onExit()} is first asked for; until then an
 * ended child stays a zombie, so its pid and {@code /proc} entry cannot be reused. Children of
 * other libraries (pty4j) are never touched: there is no {@code waitpid(-1)}.
 */
public final class NativeProcess {
  /** Threads that block in waitpid, one per running child, kept for reuse like the JDK's process reaper. */
  private static final ExecutorService REAPERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "process-reaper");
    t.setDaemon(true);
    return t;
  });

  private final long pid;
  private final OutputStream stdin;
  private final InputStream stdout;
  private final InputStream stderr;
  private final CompletableFuture<WaitStatus> exit = new CompletableFuture<>();
  private final AtomicBoolean reaping = new AtomicBoolean();

  NativeProcess(int pid, int stdinFd, int stdoutFd, int stderrFd) {
    this.pid = pid;
    this.stdin = stdinFd < 0 ? null : new PipeOutputStream(stdinFd);
    this.stdout = new PipeInputStream(stdoutFd);
    this.stderr = new PipeInputStream(stderrFd);
  }

  public long pid() {
    return pid;
  }

  /** The child's stdin, or null when it was given /dev/null. */
  public OutputStream stdin() {
    return stdin;
  }

  /** Closes its descriptor at end of stream. */
  public InputStream stdout() {
    return stdout;
  }

  /** Closes its descriptor at end of stream. */
  public InputStream stderr() {
    return stderr;
  }

  /** Completes with the wait status once the child has ended and been reaped. */
  public CompletableFuture<WaitStatus> onExit() {
    if (reaping.compareAndSet(false, true)) {
      REAPERS.execute(this::reap);
    }
    return exit;
  }

  private void reap() {
    int[] status = new int[1];
    while (true) {
      try {
        LibC.waitpid((int) pid, status, 0);
        exit.complete(new WaitStatus(status[0]));
        return;
      } catch (LastErrorException e) {
        if (e.getErrorCode() != LibC.EINTR) {
          exit.completeExceptionally(new ErrnoException("waitpid(" + pid + ")", e.getErrorCode()));
          return;
        }
      }
    }
  }

  static void closeQuietly(int fd) {
    if (fd >= 0) {
      try {
        LibC.close(fd);
      } catch (LastErrorException e) {
        // EBADF or EIO: the descriptor is gone either way
      }
    }
  }
}
