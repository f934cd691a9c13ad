package dev.soulbox.orchestrator.lifecycle;

import java.time.Duration;

/** The readiness checks there are. */
public final class Readiness {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private Readiness() {}

  /** Ready once the agent's {@code grpc.health.v1.Health} reports SERVING. */
  public static ReadinessCheck forAgent() {
    return new AgentHealthCheck(DEFAULT_TIMEOUT);
  }
}
