package dev.soulbox.grpc;

import io.grpc.Status;

/** Thrown for something the server depends on that cannot be reached now; reaches the client as {@code UNAVAILABLE}. */
public final class UnavailableException extends ServiceException {
  public UnavailableException(String message) {
    super(Status.Code.UNAVAILABLE, message);
  }

  public UnavailableException(String message, Throwable cause) {
    super(Status.Code.UNAVAILABLE, message, cause);
  }
}
