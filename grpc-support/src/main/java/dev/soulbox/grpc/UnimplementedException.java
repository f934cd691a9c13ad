package dev.soulbox.grpc;

import io.grpc.Status;

/** Thrown for a request for something this server does not do; reaches the client as {@code UNIMPLEMENTED}. */
public final class UnimplementedException extends ServiceException {
  public UnimplementedException(String message) {
    super(Status.Code.UNIMPLEMENTED, message);
  }

  public UnimplementedException(String message, Throwable cause) {
    super(Status.Code.UNIMPLEMENTED, message, cause);
  }
}
