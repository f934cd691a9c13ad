package dev.soulbox.orchestrator.firewall;

import dev.soulbox.grpc.FailedPreconditionException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's rules that keep sandboxes in: nothing arriving from the sandboxes' bridge may reach
 * a service of the host (its own addresses, the bridge gateway included) unless it answers a
 * connection the host opened, and nothing may be forwarded from it to link-local or cloud-metadata
 * addresses. Traffic between sandboxes is Docker's to stop (the network has inter-container
 * traffic disabled). The rules live in two chains of SoulBox's own, jumped to from {@code INPUT}
 * and Docker's {@code DOCKER-USER}; applying them again adds only what is missing.
 */
public final class SandboxFirewall {
  private static final Logger log = LoggerFactory.getLogger(SandboxFirewall.class);
  public static final String INPUT_CHAIN = "SOULBOX-INPUT";
  public static final String FORWARD_CHAIN = "SOULBOX-FORWARD";
  static final String DOCKER_USER = "DOCKER-USER";
  /** Where clouds serve instance metadata and credentials, and IPv4 link-local in general. */
  static final String LINK_LOCAL_V4 = "169.254.0.0/16";
  /** AWS's IPv6 instance metadata service. */
  static final String METADATA_V6 = "fd00:ec2::254/128";

  private final Iptables v4;
  private final Iptables v6;

  SandboxFirewall(Iptables v4, Iptables v6) {
    this.v4 = v4;
    this.v6 = v6;
  }

  /** The firewall of this machine. */
  public static SandboxFirewall local() {
    return new SandboxFirewall(Iptables.v4(), Iptables.v6());
  }

  /**
   * Makes sure the rules for the sandboxes' bridge {@code bridge} are in place; adds what is
   * missing, touches nothing else.
   *
   * @throws FailedPreconditionException when the rules cannot be set (no iptables, not root, or a
   *     Docker engine that does not manage iptables), saying what to do
   */
  public void apply(String bridge) {
    if (!v4.usable()) {
      throw new FailedPreconditionException("cannot read this machine's firewall with iptables, which sandbox isolation"
          + " needs: run the orchestrator as root (or with CAP_NET_ADMIN), or start it with --no-firewall to run"
          + " sandboxes that can reach each other and this host");
    }
    if (!v4.hasChain("filter", DOCKER_USER)) {
      throw new FailedPreconditionException("the Docker engine keeps no " + DOCKER_USER + " chain: it runs without"
          + " managing iptables (dockerd --iptables=false?), and SoulBox's rules need it; run dockerd with its default"
          + " iptables setting, or start the orchestrator with --no-firewall");
    }
    applyTo(v4, bridge, LINK_LOCAL_V4);
    if (v6.usable() && v6.hasChain("filter", DOCKER_USER)) {
      applyTo(v6, bridge, METADATA_V6);
    } else {
      log.debug("{} not usable or without {}; the sandboxes' network has no IPv6", v6.command(), DOCKER_USER);
    }
  }

  private static void applyTo(Iptables t, String bridge, String metadata) {
    t.ensureChain("filter", INPUT_CHAIN);
    t.ensureAppended("filter", INPUT_CHAIN, List.of("-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT"));
    t.ensureAppended("filter", INPUT_CHAIN, List.of("-j", "REJECT"));
    t.ensureFirst("filter", "INPUT", List.of("-i", bridge, "-j", INPUT_CHAIN));

    t.ensureChain("filter", FORWARD_CHAIN);
    t.ensureAppended("filter", FORWARD_CHAIN, List.of("-d", metadata, "-j", "REJECT"));
    t.ensureFirst("filter", DOCKER_USER, List.of("-i", bridge, "-j", FORWARD_CHAIN));
  }

  /** The rules as {@code iptables -S} shows them, for operators and tests. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    for (String chain : List.of(INPUT_CHAIN, FORWARD_CHAIN)) {
      lines.addAll(v4.rules("filter", chain));
    }
    return lines;
  }
}
