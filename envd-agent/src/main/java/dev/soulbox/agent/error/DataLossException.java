package dev.soulbox.agent.error;

/** Thrown for bytes that arrived damaged, such as a checksum mismatch; reaches the client as {@code DATA_LOSS}. */
public final class DataLossException extends AgentException {
  public DataLossException(String message) {
    super(message);
  }

  public DataLossException(String message, Throwable cause) {
    super(message, cause);
  }
}
