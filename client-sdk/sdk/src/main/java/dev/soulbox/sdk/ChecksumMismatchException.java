package dev.soulbox.sdk;

/**
 * Transferred bytes do not match their SHA-256; nothing was written at the destination (gRPC {@code
 * DATA_LOSS}, or a check on the client).
 */
public class ChecksumMismatchException extends SoulBoxException {
  private static final long serialVersionUID = 1L;

  public ChecksumMismatchException(String message) {
    super(message);
  }

  public ChecksumMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
