package dev.soulbox.grpc;

import io.grpc.Status;

/** Thrown for an operation the caller may not do; reaches the client as {@code PERMISSION_DENIED}. */
public final class PermissionDeniedException extends ServiceException {
  public PermissionDeniedException(String message) {
    super(Status.Code.PERMISSION_DENIED, message);
  }

  public PermissionDeniedException(String message, Throwable cause) {
    super(Status.Code.PERMISSION_DENIED, message, cause);
  }
}
