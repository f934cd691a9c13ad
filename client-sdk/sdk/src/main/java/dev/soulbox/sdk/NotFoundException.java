package dev.soulbox.sdk;

/**
 * What the call names does not exist: a path, a process (pid or tag), a watch or a sandbox (gRPC
 * {@code NOT_FOUND}).
 */
public class NotFoundException extends SoulBoxException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }

  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
