package dev.soulbox.agent.error;

/** Thrown for a caller the agent does not know; reaches the client as {@code UNAUTHENTICATED}. */
public final class UnauthenticatedException extends AgentException {
  public UnauthenticatedException(String message) {
    super(message);
  }

  public UnauthenticatedException(String message, Throwable cause) {
    super(message, cause);
  }
}
