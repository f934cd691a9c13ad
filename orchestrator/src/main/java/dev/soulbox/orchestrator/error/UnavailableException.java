package dev.soulbox.orchestrator.error;

/** Thrown when the Docker engine or a sandbox's agent cannot be reached; reaches the client as {@code UNAVAILABLE}. */
public final class UnavailableException extends OrchestratorException {
  public UnavailableException(String message) {
    super(message);
  }

  public UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
