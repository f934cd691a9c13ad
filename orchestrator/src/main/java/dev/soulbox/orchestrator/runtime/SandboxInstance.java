package dev.soulbox.orchestrator.runtime;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What is known about one live sandbox: its facts as the runtime reports them, plus what changed
 * since (state, end, exposed ports, egress policy). Immutable; changes make a copy.
 *
 * @param agent where the host reaches the agent (127.0.0.1 and a published port)
 * @param vnc where the host reaches the VNC server, or null when the sandbox has no VNC route
 * @param networkAddress the container's address on its network, for every other port
 */
public record SandboxInstance(String sandboxId, String template, SandboxState state, Map<String, String> metadata,
                              Instant startedAt, Instant endAt, String accessToken, ResourceLimits resources,
                              InetSocketAddress agent, InetSocketAddress vnc, String networkAddress,
                              Set<Integer> exposedPorts, String envdVersion, EgressPolicy egress) {
  public SandboxInstance {
    Objects.requireNonNull(sandboxId, "sandboxId");
    Objects.requireNonNull(state, "state");
    metadata = Map.copyOf(metadata);
    exposedPorts = Collections.unmodifiableSortedSet(new TreeSet<>(exposedPorts));
    egress = egress == null ? EgressPolicy.OPEN : egress;
  }

  public boolean hasVnc() {
    return vnc != null;
  }

  public SandboxInstance withState(SandboxState newState) {
    return new SandboxInstance(sandboxId, template, newState, metadata, startedAt, endAt, accessToken, resources,
        agent, vnc, networkAddress, exposedPorts, envdVersion, egress);
  }

  public SandboxInstance withEndAt(Instant newEndAt) {
    return new SandboxInstance(sandboxId, template, state, metadata, startedAt, newEndAt, accessToken, resources,
        agent, vnc, networkAddress, exposedPorts, envdVersion, egress);
  }

  public SandboxInstance withExposedPort(int port) {
    Set<Integer> ports = new TreeSet<>(exposedPorts);
    ports.add(port);
    return new SandboxInstance(sandboxId, template, state, metadata, startedAt, endAt, accessToken, resources,
        agent, vnc, networkAddress, ports, envdVersion, egress);
  }

  public SandboxInstance withEgress(EgressPolicy newEgress) {
    return new SandboxInstance(sandboxId, template, state, metadata, startedAt, endAt, accessToken, resources,
        agent, vnc, networkAddress, exposedPorts, envdVersion, newEgress);
  }

  public SandboxInstance withEnvdVersion(String newEnvdVersion) {
    return new SandboxInstance(sandboxId, template, state, metadata, startedAt, endAt, accessToken, resources,
        agent, vnc, networkAddress, exposedPorts, newEnvdVersion, egress);
  }

  public SandboxEndpoint endpoint() {
    return new SandboxEndpoint(sandboxId, state, agent, vnc, networkAddress);
  }

  /** Whether every pair of {@code filter} is in this sandbox's metadata. */
  public boolean matches(Map<String, String> filter) {
    return filter.entrySet().stream().allMatch(e -> e.getValue().equals(metadata.get(e.getKey())));
  }

  @Override
  public String toString() {
    return "SandboxInstance[" + sandboxId + " " + template + " " + state + " agent=" + agent + " until " + endAt + "]";
  }
}
