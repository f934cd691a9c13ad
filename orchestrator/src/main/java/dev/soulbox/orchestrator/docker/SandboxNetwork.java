package dev.soulbox.orchestrator.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.model.Network;
import dev.soulbox.grpc.FailedPreconditionException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker network every sandbox joins: a bridge named {@value #NAME} on interface
 * {@value #BRIDGE}, with inter-container traffic disabled, so a sandbox reaches no other sandbox
 * whatever their scopes. Created on first use and never removed (sandboxes of other orchestrators
 * may be on it); the host's own rules for the bridge are {@code firewall.SandboxFirewall}'s.
 */
final class SandboxNetwork {
  private static final Logger log = LoggerFactory.getLogger(SandboxNetwork.class);
  static final String NAME = "soulbox";
  static final String BRIDGE = "soulbox0";
  static final String ICC = "com.docker.network.bridge.enable_icc";
  static final String BRIDGE_NAME = "com.docker.network.bridge.name";
  static final String LABEL = "dev.soulbox.network";

  private final DockerClient docker;

  SandboxNetwork(DockerClient docker) {
    this.docker = docker;
  }

  /** The bridge interface and the host's address on it, where redirected connections arrive. */
  record Bridge(String name, InetAddress gateway) {}

  /** Makes sure the network exists as SoulBox needs it. */
  Bridge ensure() {
    Network network = find().orElseGet(this::create);
    Map<String, String> options = network.getOptions() == null ? Map.of() : network.getOptions();
    if (!"false".equals(options.get(ICC)) || !BRIDGE.equals(options.get(BRIDGE_NAME))) {
      throw new FailedPreconditionException("Docker network " + NAME + " exists but lets its containers reach each"
          + " other (or is not on bridge " + BRIDGE + "); SoulBox made no such network: remove it (docker network rm "
          + NAME + ") and start the orchestrator again");
    }
    String gateway = network.getIpam() == null || network.getIpam().getConfig() == null ? null
        : network.getIpam().getConfig().stream().map(Network.Ipam.Config::getGateway)
            .filter(g -> g != null && !g.contains(":")).findFirst().orElse(null);
    if (gateway == null) {
      throw new FailedPreconditionException("Docker network " + NAME + " has no IPv4 gateway; remove it (docker network"
          + " rm " + NAME + ") and start the orchestrator again");
    }
    try {
      return new Bridge(BRIDGE, InetAddress.getByName(gateway));
    } catch (UnknownHostException e) {
      throw new FailedPreconditionException("Docker network " + NAME + " has a gateway that is not an address: "
          + gateway);
    }
  }

  private Optional<Network> find() {
    return DockerErrors.call("inspect network " + NAME, () -> {
      try {
        return Optional.of(docker.inspectNetworkCmd().withNetworkId(NAME).exec());
      } catch (com.github.dockerjava.api.exception.NotFoundException e) {
        return Optional.empty();
      }
    });
  }

  private Network create() {
    try {
      DockerErrors.run("create network " + NAME, () -> docker.createNetworkCmd()
          .withName(NAME)
          .withDriver("bridge")
          .withCheckDuplicate(true)
          .withOptions(Map.of(ICC, "false", BRIDGE_NAME, BRIDGE))
          .withLabels(Map.of(LABEL, "sandboxes"))
          .exec());
      log.info("created Docker network {} (bridge {}, no traffic between its containers)", NAME, BRIDGE);
    } catch (ConflictException e) {
      // another orchestrator created it at the same moment
    }
    return find().orElseThrow(() -> new FailedPreconditionException("Docker network " + NAME
        + " could not be created"));
  }
}
