package dev.soulbox.orchestrator.firewall;

import dev.soulbox.grpc.FailedPreconditionException;
import dev.soulbox.orchestrator.runtime.EgressPolicy;
import dev.soulbox.orchestrator.runtime.EgressRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's rules that keep sandboxes in. Nothing arriving from the sandboxes' bridge may reach a
 * service of the host (its own addresses, the bridge gateway included) unless it answers a
 * connection the host opened or was redirected to the egress proxy; nothing may be forwarded from
 * it to link-local or cloud-metadata addresses; and each sandbox with an egress policy gets a chain
 * of its own. Traffic between sandboxes is Docker's to stop (the network has inter-container
 * traffic disabled). SoulBox's chains are jumped to from {@code INPUT}, Docker's
 * {@code DOCKER-USER} and nat {@code PREROUTING}; it rewrites only its own chains, and only adds to
 * the others.
 */
public final class SandboxFirewall {
  private static final Logger log = LoggerFactory.getLogger(SandboxFirewall.class);
  public static final String INPUT_CHAIN = "SOULBOX-INPUT";
  public static final String FORWARD_CHAIN = "SOULBOX-FORWARD";
  /** Holds one jump per sandbox with an egress policy, to its {@link #sandboxChain}. */
  public static final String EGRESS_CHAIN = "SOULBOX-EGRESS";
  /** nat: sends the HTTP and TLS connections of sandboxes with domain rules to the egress proxy. */
  public static final String REDIRECT_CHAIN = "SOULBOX-PREROUTING";
  static final String SANDBOX_CHAIN_PREFIX = "SBX-";
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

  /** The chain of one sandbox's egress policy. */
  public static String sandboxChain(String sandboxId) {
    return SANDBOX_CHAIN_PREFIX + sandboxId;
  }

  /**
   * Makes sure the rules for the sandboxes' bridge {@code bridge} are in place: SoulBox's chains
   * are rewritten whole (atomically), the jumps to them added where missing.
   *
   * @throws FailedPreconditionException when the rules cannot be set (no iptables, not root, or a
   *     Docker engine that does not manage iptables), saying what to do
   */
  public void apply(String bridge) {
    if (!v4.usable()) {
      throw new FailedPreconditionException("cannot read this machine's firewall with iptables, which sandbox isolation"
          + " needs: run the orchestrator as root (or with CAP_NET_ADMIN), or start it with --no-firewall to run"
          + " sandboxes that can reach this host's services");
    }
    if (!v4.hasChain("filter", DOCKER_USER)) {
      throw new FailedPreconditionException("the Docker engine keeps no " + DOCKER_USER + " chain: it runs without"
          + " managing iptables (dockerd --iptables=false?), and SoulBox's rules need it; run dockerd with its default"
          + " iptables setting, or start the orchestrator with --no-firewall");
    }
    applyTo(v4, bridge, LINK_LOCAL_V4);
    v4.ensureChain("nat", REDIRECT_CHAIN);
    v4.ensureFirst("nat", "PREROUTING", List.of("-i", bridge, "-j", REDIRECT_CHAIN));
    if (v6.usable() && v6.hasChain("filter", DOCKER_USER)) {
      applyTo(v6, bridge, METADATA_V6);
    } else {
      log.debug("{} not usable or without {}; the sandboxes' network has no IPv6", v6.command(), DOCKER_USER);
    }
  }

  private static void applyTo(Iptables t, String bridge, String metadata) {
    t.replaceChain("filter", INPUT_CHAIN, List.of(
        List.of("-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"),
        // only the egress proxy is reached this way: SoulBox redirects nothing else
        List.of("-m", "conntrack", "--ctstate", "DNAT", "-j", "ACCEPT"),
        List.of("-j", "REJECT")));
    t.ensureFirst("filter", "INPUT", List.of("-i", bridge, "-j", INPUT_CHAIN));

    t.ensureChain("filter", EGRESS_CHAIN);
    t.replaceChain("filter", FORWARD_CHAIN, List.of(
        List.of("-d", metadata, "-j", "REJECT"),
        List.of("-j", EGRESS_CHAIN)));
    t.ensureFirst("filter", DOCKER_USER, List.of("-i", bridge, "-j", FORWARD_CHAIN));
    // answers to what a sandbox was allowed to open, even where Docker would drop them (another network)
    t.ensureFirst("filter", DOCKER_USER, List.of("-o", bridge, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED",
        "-j", "ACCEPT"));
  }

  /**
   * Enforces {@code policy} for the sandbox at {@code address} on the sandboxes' network: its own
   * chain decides what it may open; with domain rules, its HTTP and TLS connections go to the
   * egress proxy at {@code proxyPort} on the host. The open policy needs no rules and removes any.
   */
  public void enforce(String sandboxId, String address, EgressPolicy policy, int proxyPort) {
    forget(sandboxId);
    if (policy.isOpen()) {
      return;
    }
    String chain = sandboxChain(sandboxId);
    v4.replaceChain("filter", chain, rulesOf(policy));
    List<String> tag = List.of("-m", "comment", "--comment", chain);
    v4.ensureAppended("filter", EGRESS_CHAIN, concat(List.of("-s", address + "/32"), tag, List.of("-j", chain)));
    if (policy.hasDomains()) {
      v4.ensureAppended("nat", REDIRECT_CHAIN, concat(List.of("-s", address + "/32", "-p", "tcp", "-m", "multiport",
          "--dports", "80,443"), tag, List.of("-j", "REDIRECT", "--to-ports", String.valueOf(proxyPort))));
    }
  }

  /** Removes the rules of a sandbox's egress policy, whatever address it had. */
  public void forget(String sandboxId) {
    String chain = sandboxChain(sandboxId);
    v4.deleteRulesTagged("filter", EGRESS_CHAIN, chain);
    v4.deleteRulesTagged("nat", REDIRECT_CHAIN, chain);
    v4.deleteChain("filter", chain);
  }

  /** Removes the policy rules of sandboxes that are not in {@code liveSandboxIds} (any orchestrator's). */
  public void forgetAllBut(Set<String> liveSandboxIds) {
    for (String chain : v4.chains("filter", SANDBOX_CHAIN_PREFIX)) {
      String id = chain.substring(SANDBOX_CHAIN_PREFIX.length());
      if (!liveSandboxIds.contains(id)) {
        forget(id);
      }
    }
  }

  /** Denied addresses first (they win), then allowed ones, then the internet's verdict. */
  private static List<List<String>> rulesOf(EgressPolicy policy) {
    List<List<String>> rules = new ArrayList<>();
    rules.add(List.of("-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"));
    for (EgressRule.Cidr deny : EgressPolicy.cidrs(policy.denyOut())) {
      if (!deny.ipv6()) {
        rules.add(List.of("-d", deny.text(), "-j", "REJECT"));
      }
    }
    for (EgressRule.Cidr allow : EgressPolicy.cidrs(policy.allowOut())) {
      if (!allow.ipv6()) {
        rules.add(List.of("-d", allow.text(), "-j", "ACCEPT"));
      }
    }
    if (!policy.internetAllowed()) {
      rules.add(List.of("-j", "REJECT"));
    }
    return rules;
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> part : parts) {
      all.addAll(part);
    }
    return all;
  }

  /** SoulBox's chains as {@code iptables -S} shows them, for operators and tests. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    for (String chain : List.of(INPUT_CHAIN, FORWARD_CHAIN, EGRESS_CHAIN)) {
      lines.addAll(v4.rules("filter", chain));
    }
    return lines;
  }
}
