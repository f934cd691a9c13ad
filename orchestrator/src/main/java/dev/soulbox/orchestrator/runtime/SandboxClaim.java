package dev.soulbox.orchestrator.runtime;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a create makes of a warm pool's sandbox: everything of the request that its container was not
 * started with. The runtime records it (the container's labels describe the pool, not the tenant) and
 * applies the limits and the network policy; the agent is personalised beforehand, over its own API.
 *
 * @param vnc whether the sandbox gets a VNC route (only a desktop's pool has a VNC server to route to)
 */
public record SandboxClaim(String sandboxId, String accessToken, Map<String, String> metadata, boolean vnc,
                           ResourceLimits resources, EgressPolicy egress, Instant startedAt, Instant endAt) {
  public SandboxClaim {
    Objects.requireNonNull(sandboxId, "sandboxId");
    Objects.requireNonNull(accessToken, "accessToken");
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(egress, "egress");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endAt, "endAt");
  }

  /** The claim of pooled sandbox {@code sandboxId} by the create {@code spec} describes. */
  public static SandboxClaim of(String sandboxId, SandboxSpec spec) {
    return new SandboxClaim(sandboxId, spec.accessToken(), spec.metadata(), spec.vnc(), spec.resources(),
        spec.egress(), spec.startedAt(), spec.endAt());
  }
}
