package dev.soulbox.sdk;

/**
 * Base of every failure the SDK reports; unchecked. A subclass says what went wrong in terms a
 * caller can act on. Anything without one (a resource limit, a server bug) is a plain
 * {@code SoulBoxException} whose message carries the server's explanation.
 *
 * <pre>
 * SoulBoxException
 * ├── NotFoundException           NOT_FOUND: unknown path, pid, tag or sandbox
 * │   └── SandboxGoneException    the sandbox itself no longer exists (killed or timed out)
 * ├── AuthenticationException     UNAUTHENTICATED, PERMISSION_DENIED: wrong API key or access token, unknown user
 * ├── TimeoutException            DEADLINE_EXCEEDED, a command's timeout, waitFor(timeout)
 * ├── InvalidArgumentException    INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE
 * ├── AlreadyExistsException      ALREADY_EXISTS: tag in use, file or directory exists
 * ├── ChecksumMismatchException   DATA_LOSS: transferred bytes differ from their SHA-256
 * ├── CommandExitException        a command exited non-zero, and the caller asked for an exception
 * └── ConnectionLostException     UNAVAILABLE: the endpoint is unreachable, or a stream gave up reconnecting
 * </pre>
 */
public class SoulBoxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SoulBoxException(String message) {
    super(message);
  }

  public SoulBoxException(String message, Throwable cause) {
    super(message, cause);
  }
}
