package dev.soulbox.sdk;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a sandbox's processes may open connections to, as E2B's API has it: the internet on or
 * off, plus entries allowed and denied. An entry is an IP address ({@code 10.1.2.3}), a CIDR block
 * ({@code 10.0.0.0/8}) or a domain name ({@code pypi.org}, {@code *.github.com}); domain rules
 * apply to HTTP and TLS (by Host header and server name). A denied address wins over an allowed
 * one. Other sandboxes, the host and link-local addresses are never reachable, whatever the policy.
 * The orchestrator checks the entries and says which one it cannot read.
 *
 * <pre>{@code
 * NetworkPolicy.noInternet().allowOut("pypi.org", "*.pythonhosted.org")
 * NetworkPolicy.open().denyOut("10.0.0.0/8")
 * }</pre>
 */
public record NetworkPolicy(boolean internetAllowed, List<String> allowOut, List<String> denyOut) {
  public NetworkPolicy {
    allowOut = List.copyOf(allowOut);
    denyOut = List.copyOf(denyOut);
  }

  /** The internet and nothing else: what a sandbox gets without a policy. */
  public static NetworkPolicy open() {
    return new NetworkPolicy(true, List.of(), List.of());
  }

  /** No egress at all, except what {@link #allowOut} adds. */
  public static NetworkPolicy noInternet() {
    return new NetworkPolicy(false, List.of(), List.of());
  }

  /** This policy, also allowing {@code entries}. */
  public NetworkPolicy allowOut(String... entries) {
    return new NetworkPolicy(internetAllowed, plus(allowOut, entries), denyOut);
  }

  /** This policy, also denying {@code entries}. */
  public NetworkPolicy denyOut(String... entries) {
    return new NetworkPolicy(internetAllowed, allowOut, plus(denyOut, entries));
  }

  private static List<String> plus(List<String> list, String... entries) {
    List<String> all = new ArrayList<>(list);
    for (String e : entries) {
      all.add(requireNonNull(e, "entry"));
    }
    return all;
  }
}
