package dev.soulbox.grpc;

import io.grpc.Status;

/**
 * A failure whose message is meant for the client, with the status code it stands for. Domain
 * code throws the subclasses; {@link StatusMapping} turns them into statuses at the edge.
 */
public abstract class ServiceException extends RuntimeException {
  private final Status.Code code;

  protected ServiceException(Status.Code code, String message) {
    super(message);
    this.code = code;
  }

  protected ServiceException(Status.Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public Status.Code code() {
    return code;
  }
}
