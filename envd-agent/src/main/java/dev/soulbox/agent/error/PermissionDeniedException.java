package dev.soulbox.agent.error;

/** Thrown for an operation the caller's user may not do; reaches the client as {@code PERMISSION_DENIED}. */
public final class PermissionDeniedException extends AgentException {
  public PermissionDeniedException(String message) {
    super(message);
  }

  public PermissionDeniedException(String message, Throwable cause) {
    super(message, cause);
  }
}
