package dev.soulbox.grpc;

import io.grpc.Status;

/** Thrown for a position past the end, such as a download offset; reaches the client as {@code OUT_OF_RANGE}. */
public final class OutOfRangeException extends ServiceException {
  public OutOfRangeException(String message) {
    super(Status.Code.OUT_OF_RANGE, message);
  }

  public OutOfRangeException(String message, Throwable cause) {
    super(Status.Code.OUT_OF_RANGE, message, cause);
  }
}
