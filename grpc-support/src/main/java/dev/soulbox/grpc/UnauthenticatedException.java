package dev.soulbox.grpc;

import io.grpc.Status;

/** Thrown for a caller the server does not know; reaches the client as {@code UNAUTHENTICATED}. */
public final class UnauthenticatedException extends ServiceException {
  public UnauthenticatedException(String message) {
    super(Status.Code.UNAUTHENTICATED, message);
  }

  public UnauthenticatedException(String message, Throwable cause) {
    super(Status.Code.UNAUTHENTICATED, message, cause);
  }
}
