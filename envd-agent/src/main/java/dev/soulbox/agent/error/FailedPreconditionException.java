package dev.soulbox.agent.error;

/** Thrown for a request the target is not in a state to accept; reaches the client as {@code FAILED_PRECONDITION}. */
public final class FailedPreconditionException extends AgentException {
  public FailedPreconditionException(String message) {
    super(message);
  }

  public FailedPreconditionException(String message, Throwable cause) {
    super(message, cause);
  }
}
