package dev.soulbox.agent.error;

/** Thrown for a request for something this agent does not do; reaches the client as {@code UNIMPLEMENTED}. */
public final class UnsupportedException extends AgentException {
  public UnsupportedException(String message) {
    super(message);
  }

  public UnsupportedException(String message, Throwable cause) {
    super(message, cause);
  }
}
