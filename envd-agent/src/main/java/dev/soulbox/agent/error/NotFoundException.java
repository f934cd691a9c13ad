package dev.soulbox.agent.error;

/** Thrown for a file, process or watcher that does not exist; reaches the client as {@code NOT_FOUND}. */
public final class NotFoundException extends AgentException {
  public NotFoundException(String message) {
    super(message);
  }

  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
