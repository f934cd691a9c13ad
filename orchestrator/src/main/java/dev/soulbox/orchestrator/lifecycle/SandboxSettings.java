package dev.soulbox.orchestrator.lifecycle;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How this server runs sandboxes.
 *
 * @param maxSandboxes cap on sandboxes: live (running or paused) ones and those waiting in the warm pool
 * @param defaultTimeout lifetime of a sandbox created without one
 * @param maxTimeout longest lifetime a request may ask for
 * @param readiness how a new sandbox is judged ready, and for how long that is awaited
 * @param poolSizes how many started sandboxes of each template wait to be claimed, over the templates' own
 *     {@link dev.soulbox.orchestrator.runtime.Template#poolSize() setting}
 * @param agentInit how a claimed sandbox's agent takes its tenant's token and environment; without one, no
 *     warm pool
 */
public record SandboxSettings(int maxSandboxes, Duration defaultTimeout, Duration maxTimeout, ReadinessCheck readiness,
                              Map<String, Integer> poolSizes, AgentInit agentInit) {
  public static final Duration MAX_TIMEOUT = Duration.ofHours(24);

  public SandboxSettings {
    Objects.requireNonNull(readiness, "readiness");
    poolSizes = Map.copyOf(poolSizes);
    if (poolSizes.values().stream().anyMatch(n -> n > 0) && agentInit == null) {
      throw new IllegalArgumentException("a warm pool needs an AgentInit to hand its sandboxes over");
    }
  }

  /** The defaults, and {@code readiness}, which has none: the server's check needs its channels to the agents. */
  public static SandboxSettings defaults(ReadinessCheck readiness) {
    return new SandboxSettings(20, Duration.ofSeconds(300), MAX_TIMEOUT, readiness, Map.of(), null);
  }

  public SandboxSettings withMaxSandboxes(int max) {
    return new SandboxSettings(max, defaultTimeout, maxTimeout, readiness, poolSizes, agentInit);
  }

  public SandboxSettings withDefaultTimeout(Duration timeout) {
    return new SandboxSettings(maxSandboxes, timeout, maxTimeout, readiness, poolSizes, agentInit);
  }

  public SandboxSettings withPool(Map<String, Integer> sizes, AgentInit init) {
    return new SandboxSettings(maxSandboxes, defaultTimeout, maxTimeout, readiness, sizes, init);
  }
}
