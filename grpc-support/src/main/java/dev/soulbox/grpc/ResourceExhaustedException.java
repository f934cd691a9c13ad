package dev.soulbox.grpc;

import io.grpc.Status;

/** Thrown for a full disk, a limit reached, or a client that cannot keep up; reaches the client as {@code RESOURCE_EXHAUSTED}. */
public final class ResourceExhaustedException extends ServiceException {
  public ResourceExhaustedException(String message) {
    super(Status.Code.RESOURCE_EXHAUSTED, message);
  }

  public ResourceExhaustedException(String message, Throwable cause) {
    super(Status.Code.RESOURCE_EXHAUSTED, message, cause);
  }
}
