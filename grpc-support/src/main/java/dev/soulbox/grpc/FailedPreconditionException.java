package dev.soulbox.grpc;

import io.grpc.Status;

/** Thrown for a request the target is not in a state to accept; reaches the client as {@code FAILED_PRECONDITION}. */
public final class FailedPreconditionException extends ServiceException {
  public FailedPreconditionException(String message) {
    super(Status.Code.FAILED_PRECONDITION, message);
  }

  public FailedPreconditionException(String message, Throwable cause) {
    super(Status.Code.FAILED_PRECONDITION, message, cause);
  }
}
