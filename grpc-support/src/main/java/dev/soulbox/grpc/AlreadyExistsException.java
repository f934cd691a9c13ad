package dev.soulbox.grpc;

import io.grpc.Status;

/** Thrown for something that should not exist yet; reaches the client as {@code ALREADY_EXISTS}. */
public final class AlreadyExistsException extends ServiceException {
  public AlreadyExistsException(String message) {
    super(Status.Code.ALREADY_EXISTS, message);
  }

  public AlreadyExistsException(String message, Throwable cause) {
    super(Status.Code.ALREADY_EXISTS, message, cause);
  }
}
