package dev.soulbox.orchestrator.error;

/** Thrown when the server is at its limit of sandboxes; reaches the client as {@code RESOURCE_EXHAUSTED}. */
public final class ResourceExhaustedException extends OrchestratorException {
  public ResourceExhaustedException(String message) {
    super(message);
  }

  public ResourceExhaustedException(String message, Throwable cause) {
    super(message, cause);
  }
}
