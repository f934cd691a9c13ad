package dev.soulbox.sdk;

/**
 * Something took longer than allowed: a call's deadline, a command's {@code timeout} (the command was
 * killed), or {@code waitFor(timeout)} (the command keeps running).
 */
public class TimeoutException extends SoulBoxException {
  private static final long serialVersionUID = 1L;

  public TimeoutException(String message) {
    super(message);
  }

  public TimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
