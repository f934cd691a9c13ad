package dev.soulbox.agent.error;

/** Thrown for something that should not exist yet; reaches the client as {@code ALREADY_EXISTS}. */
public final class AlreadyExistsException extends AgentException {
  public AlreadyExistsException(String message) {
    super(message);
  }

  public AlreadyExistsException(String message, Throwable cause) {
    super(message, cause);
  }
}
