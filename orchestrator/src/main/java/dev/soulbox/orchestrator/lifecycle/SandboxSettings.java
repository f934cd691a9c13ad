package dev.soulbox.orchestrator.lifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * How this server runs sandboxes.
 *
 * @param maxSandboxes cap on live (running or paused) sandboxes
 * @param defaultTimeout lifetime of a sandbox created without one
 * @param maxTimeout longest lifetime a request may ask for
 * @param readiness how a new sandbox is judged ready, and for how long that is awaited
 */
public record SandboxSettings(int maxSandboxes, Duration defaultTimeout, Duration maxTimeout, ReadinessCheck readiness) {
  public static final Duration MAX_TIMEOUT = Duration.ofHours(24);

  public SandboxSettings {
    Objects.requireNonNull(readiness, "readiness");
  }

  /** The defaults, and {@code readiness}, which has none: the server's check needs its channels to the agents. */
  public static SandboxSettings defaults(ReadinessCheck readiness) {
    return new SandboxSettings(20, Duration.ofSeconds(300), MAX_TIMEOUT, readiness);
  }

  public SandboxSettings withMaxSandboxes(int max) {
    return new SandboxSettings(max, defaultTimeout, maxTimeout, readiness);
  }

  public SandboxSettings withDefaultTimeout(Duration timeout) {
    return new SandboxSettings(maxSandboxes, timeout, maxTimeout, readiness);
  }
}
