package dev.soulbox.orchestrator.error;

/** Thrown for a request the sandbox or template is not in a state to accept; reaches the client as {@code FAILED_PRECONDITION}. */
public final class FailedPreconditionException extends OrchestratorException {
  public FailedPreconditionException(String message) {
    super(message);
  }

  public FailedPreconditionException(String message, Throwable cause) {
    super(message, cause);
  }
}
