package dev.soulbox.sdk.internal;

import dev.soulbox.sdk.AlreadyExistsException;
import dev.soulbox.sdk.AuthenticationException;
import dev.soulbox.sdk.ChecksumMismatchException;
import dev.soulbox.sdk.ConnectionLostException;
import dev.soulbox.sdk.InvalidArgumentException;
import dev.soulbox.sdk.NotFoundException;
import dev.soulbox.sdk.SandboxGoneException;
import dev.soulbox.sdk.SoulBoxException;
import dev.soulbox.sdk.TimeoutException;
import io.grpc.Status;

/**
 * The one place a gRPC {@link Status} becomes a {@link SoulBoxException}. The message names the
 * action and carries the server's description ({@code "stat /nope: path /nope does not exist"}).
 *
 * <p>The orchestrator answers a call for an unknown or dead sandbox with NOT_FOUND or UNAVAILABLE
 * and the sandbox's id in the description; such a status on a sandbox's call is a
 * {@link SandboxGoneException}.
 */
public final class StatusMapping {
  private StatusMapping() {
  }

  /**
   * @param action what was being done, for the message
   * @param sandboxId the sandbox the call was for, or null
   */
  public static SoulBoxException toException(Throwable t, String action, String sandboxId) {
    if (t instanceof SoulBoxException e) {
      return e;
    }
    Status status = Status.fromThrowable(t);
    String message = action + ": " + detail(status);
    switch (status.getCode()) {
      case NOT_FOUND:
        return aboutSandbox(status, sandboxId)
            ? new SandboxGoneException(message, t) : new NotFoundException(message, t);
      case UNAVAILABLE:
        return aboutSandbox(status, sandboxId)
            ? new SandboxGoneException(message, t) : new ConnectionLostException(message, t);
      case UNAUTHENTICATED:
      case PERMISSION_DENIED:
        return new AuthenticationException(message, t);
      case DEADLINE_EXCEEDED:
        return new TimeoutException(message, t);
      case INVALID_ARGUMENT:
      case FAILED_PRECONDITION:
      case OUT_OF_RANGE:
        return new InvalidArgumentException(message, t);
      case ALREADY_EXISTS:
        return new AlreadyExistsException(message, t);
      case DATA_LOSS:
        return new ChecksumMismatchException(message, t);
      default:
        return new SoulBoxException(message + " (" + status.getCode() + ")", t);
    }
  }

  /** Whether a stream that failed with this status may get its connection back by trying again. */
  static boolean isTransient(Status status, String sandboxId) {
    switch (status.getCode()) {
      case UNAVAILABLE:
        return !aboutSandbox(status, sandboxId);
      case CANCELLED:          // not by us: a proxy or server went away mid-stream
      case RESOURCE_EXHAUSTED: // the sandbox dropped us for reading too slowly
        return true;
      default:
        return false;
    }
  }

  private static boolean aboutSandbox(Status status, String sandboxId) {
    String d = status.getDescription();
    return sandboxId != null && d != null && d.contains("sandbox") && d.contains(sandboxId);
  }

  private static String detail(Status status) {
    String d = status.getDescription();
    Throwable cause = status.getCause();
    if (d == null || d.isEmpty()) {
      d = status.getCode().name().toLowerCase().replace('_', ' ');
    }
    if (cause != null && cause.getMessage() != null && !d.contains(cause.getMessage())) {
      d = d + ": " + cause.getMessage();
    }
    return d;
  }
}
