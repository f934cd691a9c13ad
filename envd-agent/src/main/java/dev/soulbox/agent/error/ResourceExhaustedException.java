package dev.soulbox.agent.error;

/** Thrown for a full disk, or a client that cannot keep up; reaches the client as {@code RESOURCE_EXHAUSTED}. */
public final class ResourceExhaustedException extends AgentException {
  public ResourceExhaustedException(String message) {
    super(message);
  }

  public ResourceExhaustedException(String message, Throwable cause) {
    super(message, cause);
  }
}
