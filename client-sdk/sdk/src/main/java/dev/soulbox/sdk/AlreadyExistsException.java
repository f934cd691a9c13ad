package dev.soulbox.sdk;

/**
 * What the call would create is already there: a tag used by a running process, an existing file or
 * directory (gRPC {@code ALREADY_EXISTS}).
 */
public class AlreadyExistsException extends SoulBoxException {
  private static final long serialVersionUID = 1L;

  public AlreadyExistsException(String message) {
    super(message);
  }

  public AlreadyExistsException(String message, Throwable cause) {
    super(message, cause);
  }
}
