package dev.soulbox.sdk;

/** The sandbox no longer exists: it was killed, or it reached its timeout. Nothing more can be done with its handle. */
public class SandboxGoneException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  public SandboxGoneException(String message) {
    super(message);
  }

  public SandboxGoneException(String message, Throwable cause) {
    super(message, cause);
  }
}
