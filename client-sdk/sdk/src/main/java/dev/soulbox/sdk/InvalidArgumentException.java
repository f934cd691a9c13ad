package dev.soulbox.sdk;

/**
 * The request cannot be served as asked, and retrying it will not help: a bad path or cwd, an empty
 * command, input to a process without stdin, a resize of a process without a terminal (gRPC {@code
 * INVALID_ARGUMENT}, {@code FAILED_PRECONDITION}, {@code OUT_OF_RANGE}).
 */
public class InvalidArgumentException extends SoulBoxException {
  private static final long serialVersionUID = 1L;

  public InvalidArgumentException(String message) {
    super(message);
  }

  public InvalidArgumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
