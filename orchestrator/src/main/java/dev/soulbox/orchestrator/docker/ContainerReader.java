package dev.soulbox.orchestrator.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.NetworkSettings;
import com.github.dockerjava.api.model.Ports;
import dev.soulbox.orchestrator.runtime.EgressPolicy;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxPorts;
import dev.soulbox.orchestrator.runtime.SandboxSpec;
import dev.soulbox.orchestrator.runtime.SandboxState;
import java.net.InetSocketAddress;
import java.util.Map;

/** Turns what {@code docker inspect} says about a sandbox's container into a {@link SandboxInstance}. */
final class ContainerReader {
  /** The envd API level of SoulBox's agent, for images that do not declare theirs. */
  static final String DEFAULT_ENVD_VERSION = "0.5.7";

  private final SandboxOverrides overrides;

  ContainerReader(SandboxOverrides overrides) {
    this.overrides = overrides;
  }

  /** The sandbox, or null when the container is not a running or paused sandbox. */
  SandboxInstance read(InspectContainerResponse c) {
    Map<String, String> labelMap = c.getConfig() == null ? null : c.getConfig().getLabels();
    Labels.SandboxLabels labels = Labels.parse(labelMap);
    SandboxState state = stateOf(c.getState());
    if (labels == null || state == null) {
      return null;
    }
    String id = labels.sandboxId();
    NetworkSettings network = c.getNetworkSettings();
    InetSocketAddress agent = published(network, SandboxPorts.AGENT);
    if (agent == null) {
      return null; // never started with its agent port published: not usable
    }
    // a claimed pool sandbox: the claim, not the pool's start, says whose it is
    SandboxOverrides.Claimed claim = overrides.claimed(id).orElse(null);
    boolean vnc = claim != null ? claim.vnc() : labels.vnc();
    return new SandboxInstance(id, labels.template(), state, claim != null ? claim.metadata() : labels.metadata(),
        claim != null ? claim.claimedAt() : labels.startedAt(), overrides.endAt(id).orElse(labels.endAt()),
        claim != null ? claim.accessToken() : env(c, SandboxSpec.ACCESS_TOKEN_ENV),
        ContainerHardening.limitsOf(c.getHostConfig()), agent, vnc ? published(network, SandboxPorts.VNC) : null,
        networkAddress(network), overrides.exposedPorts(id),
        labelMap.getOrDefault(Labels.ENVD_VERSION, DEFAULT_ENVD_VERSION),
        EgressPolicy.decode(overrides.egress(id).orElse(labelMap.get(Labels.EGRESS))));
  }

  static SandboxState stateOf(InspectContainerResponse.ContainerState s) {
    if (s == null || !Boolean.TRUE.equals(s.getRunning())) {
      return null;
    }
    return Boolean.TRUE.equals(s.getPaused()) ? SandboxState.PAUSED : SandboxState.RUNNING;
  }

  private static InetSocketAddress published(NetworkSettings network, int containerPort) {
    if (network == null || network.getPorts() == null) {
      return null;
    }
    Ports.Binding[] bindings = network.getPorts().getBindings().get(ExposedPort.tcp(containerPort));
    if (bindings == null) {
      return null;
    }
    for (Ports.Binding b : bindings) {
      if (b.getHostPortSpec() != null && !b.getHostPortSpec().isEmpty()) {
        String ip = b.getHostIp() == null || b.getHostIp().isEmpty() || b.getHostIp().equals("0.0.0.0")
            ? "127.0.0.1" : b.getHostIp();
        return new InetSocketAddress(ip, Integer.parseInt(b.getHostPortSpec()));
      }
    }
    return null;
  }

  private static String networkAddress(NetworkSettings network) {
    if (network == null || network.getNetworks() == null) {
      return null;
    }
    return network.getNetworks().values().stream().map(ContainerNetwork::getIpAddress)
        .filter(ip -> ip != null && !ip.isEmpty()).findFirst().orElse(null);
  }

  private static String env(InspectContainerResponse c, String name) {
    String[] env = c.getConfig() == null ? null : c.getConfig().getEnv();
    if (env != null) {
      for (String pair : env) {
        if (pair.startsWith(name + "=")) {
          return pair.substring(name.length() + 1);
        }
      }
    }
    return null;
  }
}
