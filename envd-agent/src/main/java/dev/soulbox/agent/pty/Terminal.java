package dev.soulbox.agent.pty;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/** A process attached to a pseudo-terminal: one output stream (stdout and stderr together), one input. */
public interface Terminal extends AutoCloseable {
  long pid();

  InputStream output();

  OutputStream input();

  void resize(PtySize size);

  PtySize size();

  /** Completes with the exit code once the process has ended. */
  CompletableFuture<Integer> onExit();

  /** Releases the terminal's file descriptors; the process, if still alive, gets a hangup. */
  @Override
  void close();
}
