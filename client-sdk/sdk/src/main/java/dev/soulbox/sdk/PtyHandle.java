package dev.soulbox.sdk;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** An open terminal. {@link #close()} stops listening; the terminal stays open until it exits or is killed. */
public interface PtyHandle extends AutoCloseable {
  /** The process id of the terminal's shell. */
  int pid();

  /** The tag it was opened or found with, or null. */
  String tag();

  /** Types bytes into the terminal. */
  void sendInput(byte[] data);

  /** Types UTF-8 text into the terminal ({@code "\n"} is Enter). */
  default void sendInput(String text) {
    sendInput(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Changes the terminal's size. */
  void resize(int cols, int rows);

  /** Kills the terminal's process (SIGKILL); false when it had already ended and is forgotten. */
  boolean kill();

  /** Whether the terminal's process has ended (or its stream failed). */
  boolean isDone();

  /**
   * Waits for the terminal's process to end; the result's stdout and stderr are empty (output went to
   * {@code onData}).
   */
  CommandResult waitFor();

  /**
   * Waits at most {@code timeout} for the terminal's process to end.
   *
   * @throws TimeoutException when it is still running then
   */
  CommandResult waitFor(Duration timeout);

  /** Stops receiving output; the terminal stays open. Idempotent. */
  @Override
  void close();
}
