package dev.soulbox.sdk;

/**
 * The server refused the caller: a missing or wrong API key or sandbox access token, or an unknown
 * user (gRPC {@code UNAUTHENTICATED} or {@code PERMISSION_DENIED}).
 */
public class AuthenticationException extends SoulBoxException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message) {
    super(message);
  }

  public AuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
