package dev.soulbox.orchestrator.error;

/** Thrown for a sandbox or template that does not exist; reaches the client as {@code NOT_FOUND}. */
public final class NotFoundException extends OrchestratorException {
  public NotFoundException(String message) {
    super(message);
  }

  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
