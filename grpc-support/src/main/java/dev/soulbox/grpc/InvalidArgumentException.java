package dev.soulbox.grpc;

import io.grpc.Status;

/** Thrown for a request that can never succeed as written; reaches the client as {@code INVALID_ARGUMENT}. */
public final class InvalidArgumentException extends ServiceException {
  public InvalidArgumentException(String message) {
    super(Status.Code.INVALID_ARGUMENT, message);
  }

  public InvalidArgumentException(String message, Throwable cause) {
    super(Status.Code.INVALID_ARGUMENT, message, cause);
  }
}
