package dev.soulbox.sdk;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A command running in the background. Its output is collected (and passed to the callbacks of
 * its {@link CommandOptions}) from the moment it starts, whether or not anyone waits for it.
 * {@link #close()} stops listening, never the command.
 */
public interface CommandHandle extends AutoCloseable {
  /** The process id in the sandbox. */
  int pid();

  /** The tag it was started or found with, or null. */
  String tag();

  /** Stdout received so far. */
  String stdout();

  /** Stderr received so far. */
  String stderr();

  /** Whether the command has ended (or its stream failed). */
  boolean isDone();

  /** Writes UTF-8 text to the command's stdin. */
  default void sendStdin(String data) {
    sendStdin(data.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes bytes to the command's stdin. */
  void sendStdin(byte[] data);

  /** Closes the command's stdin, so a reader sees end of file. */
  void closeStdin();

  /**
   * Sends a signal by name ({@code "SIGINT"}, {@code "TERM"}) or number ({@code "2"}) to the
   * process.
   */
  void signal(String signal);

  /** Kills the process (SIGKILL); false when it had already ended and is forgotten. */
  boolean kill();

  /**
   * Waits for the command to end.
   *
   * @throws CommandExitException when it exits non-zero and the options ask for it
   * @throws TimeoutException when it ran past its timeout and was killed
   * @throws ConnectionLostException when its stream could not reconnect; the command may still run
   */
  CommandResult waitFor();

  /**
   * Waits at most {@code timeout} for the command to end.
   *
   * @throws TimeoutException when it is still running then (it keeps running)
   */
  CommandResult waitFor(Duration timeout);

  /** Stops receiving the command's output; the command keeps running. Idempotent. */
  @Override
  void close();
}
