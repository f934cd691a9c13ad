package dev.soulbox.cli;

/** Ends a command with an exit code and a one-line message for stderr (none when the message is null). */
public final class ExitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public ExitException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
