package dev.soulbox.grpc;

import io.grpc.Status;

/** Thrown for bytes that do not match their declared checksum; reaches the client as {@code DATA_LOSS}. */
public final class DataLossException extends ServiceException {
  public DataLossException(String message) {
    super(Status.Code.DATA_LOSS, message);
  }

  public DataLossException(String message, Throwable cause) {
    super(Status.Code.DATA_LOSS, message, cause);
  }
}
