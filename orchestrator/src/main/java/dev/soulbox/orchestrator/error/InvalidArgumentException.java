package dev.soulbox.orchestrator.error;

/** Thrown for a request that can never succeed as written; reaches the client as {@code INVALID_ARGUMENT}. */
public final class InvalidArgumentException extends OrchestratorException {
  public InvalidArgumentException(String message) {
    super(message);
  }

  public InvalidArgumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
