package dev.soulbox.sdk;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the orchestrator knows about a sandbox.
 *
 * @param sandboxId 20 characters of {@code [a-z0-9]}
 * @param template the template it was created from
 * @param state running or paused
 * @param metadata the labels it was created with
 * @param startedAt when it was created
 * @param endAt when it will be removed, unless its timeout is changed
 * @param envdVersion the envd API version its agent serves
 * @param resources its CPU, memory and process limits (0 when unknown)
 * @param vncUrl the noVNC page showing its desktop, or null when it has none
 * @param network where its processes may open connections to
 */
public record SandboxInfo(String sandboxId, String template, SandboxState state, Map<String, String> metadata,
                          Instant startedAt, Instant endAt, String envdVersion, Resources resources, URI vncUrl,
                          NetworkPolicy network) {
  public SandboxInfo {
    requireNonNull(sandboxId, "sandboxId");
    requireNonNull(template, "template");
    requireNonNull(state, "state");
    metadata = Map.copyOf(metadata);
    requireNonNull(startedAt, "startedAt");
    requireNonNull(endAt, "endAt");
    requireNonNull(envdVersion, "envdVersion");
    requireNonNull(resources, "resources");
    requireNonNull(network, "network");
  }

  /** Its CPU limit (0 when unknown). */
  public double cpus() {
    return resources.cpus();
  }

  /** Its memory limit in MiB (0 when unknown). */
  public int memoryMib() {
    return resources.memoryMib();
  }

  /** The noVNC page, when the sandbox has a desktop. */
  public Optional<URI> vnc() {
    return Optional.ofNullable(vncUrl);
  }
}
