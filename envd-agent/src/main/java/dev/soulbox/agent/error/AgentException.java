package dev.soulbox.agent.error;

/**
 * A failure whose message is meant for the client. Each subclass stands for one gRPC status code;
 * {@code StatusMapping} turns them into statuses at the edge.
 */
public abstract class AgentException extends RuntimeException {
  protected AgentException(String message) {
    super(message);
  }

  protected AgentException(String message, Throwable cause) {
    super(message, cause);
  }
}
