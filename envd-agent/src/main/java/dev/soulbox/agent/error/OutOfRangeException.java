package dev.soulbox.agent.error;

/** Thrown for an offset or range past the end of what exists; reaches the client as {@code OUT_OF_RANGE}. */
public final class OutOfRangeException extends AgentException {
  public OutOfRangeException(String message) {
    super(message);
  }

  public OutOfRangeException(String message, Throwable cause) {
    super(message, cause);
  }
}
