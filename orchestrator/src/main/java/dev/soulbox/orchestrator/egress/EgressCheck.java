package dev.soulbox.orchestrator.egress;

import dev.soulbox.orchestrator.runtime.EgressPolicy;
import dev.soulbox.orchestrator.runtime.EgressRule;
import java.net.InetAddress;
import java.util.List;

/**
 * Whether a policy lets a sandbox open a connection to {@code address}, reached by the name
 * {@code host} (null when the connection names none). A denied entry wins: a denied name, then a
 * denied address; then an allowed name or address; then the internet's verdict.
 */
final class EgressCheck {
  private EgressCheck() {}

  static boolean allows(EgressPolicy policy, String host, InetAddress address) {
    if (host != null && anyDomain(policy.denyOut(), host)) {
      return false;
    }
    if (anyCidr(policy.denyOut(), address)) {
      return false;
    }
    if (host != null && anyDomain(policy.allowOut(), host)) {
      return true;
    }
    if (anyCidr(policy.allowOut(), address)) {
      return true;
    }
    return policy.internetAllowed();
  }

  private static boolean anyDomain(List<EgressRule> rules, String host) {
    return rules.stream().anyMatch(r -> r instanceof EgressRule.Domain d && d.matches(host));
  }

  private static boolean anyCidr(List<EgressRule> rules, InetAddress address) {
    return rules.stream().anyMatch(r -> r instanceof EgressRule.Cidr c && c.contains(address));
  }
}
