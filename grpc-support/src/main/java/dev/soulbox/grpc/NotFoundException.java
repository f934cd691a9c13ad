package dev.soulbox.grpc;

import io.grpc.Status;

/** Thrown for a file, process, sandbox or watcher that does not exist; reaches the client as {@code NOT_FOUND}. */
public final class NotFoundException extends ServiceException {
  public NotFoundException(String message) {
    super(Status.Code.NOT_FOUND, message);
  }

  public NotFoundException(String message, Throwable cause) {
    super(Status.Code.NOT_FOUND, message, cause);
  }
}
