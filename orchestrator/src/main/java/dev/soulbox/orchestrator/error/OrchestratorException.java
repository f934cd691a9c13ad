package dev.soulbox.orchestrator.error;

/**
 * A failure whose message is meant for the client. Each subclass stands for one gRPC status code;
 * {@link StatusMapping} turns them into statuses at the edge.
 */
public abstract class OrchestratorException extends RuntimeException {
  protected OrchestratorException(String message) {
    super(message);
  }

  protected OrchestratorException(String message, Throwable cause) {
    super(message, cause);
  }
}
