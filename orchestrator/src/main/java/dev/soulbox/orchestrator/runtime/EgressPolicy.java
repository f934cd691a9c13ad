package dev.soulbox.orchestrator.runtime;

import dev.soulbox.grpc.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a sandbox may open connections to, as E2B's API has it: the internet on or off, plus
 * entries allowed and denied. A denied address wins over an allowed one; a domain rule decides
 * only for the names it matches. What no sandbox may ever reach (other sandboxes, the host,
 * link-local addresses) is not the policy's to open.
 */
public record EgressPolicy(boolean internetAllowed, List<EgressRule> allowOut, List<EgressRule> denyOut) {
  public static final int MAX_ENTRIES = 256;
  /** What a sandbox created without a policy gets: the internet, as in E2B. */
  public static final EgressPolicy OPEN = new EgressPolicy(true, List.of(), List.of());

  public EgressPolicy {
    allowOut = List.copyOf(allowOut);
    denyOut = List.copyOf(denyOut);
  }

  /** Checks and reads a policy as a request gives it; {@code allowInternet} null means allowed. */
  public static EgressPolicy of(Boolean allowInternet, List<String> allowOut, List<String> denyOut) {
    if (allowOut.size() + denyOut.size() > MAX_ENTRIES) {
      throw new InvalidArgumentException("network has " + (allowOut.size() + denyOut.size()) + " entries in allow_out"
          + " and deny_out; at most " + MAX_ENTRIES + " are allowed");
    }
    return new EgressPolicy(allowInternet == null || allowInternet, parse(allowOut, "network.allow_out"),
        parse(denyOut, "network.deny_out"));
  }

  private static List<EgressRule> parse(List<String> entries, String field) {
    List<EgressRule> rules = new ArrayList<>();
    for (String entry : entries) {
      EgressRule rule = EgressRule.parse(entry, field);
      if (!rules.contains(rule)) {
        rules.add(rule);
      }
    }
    return rules;
  }

  /** Whether this is the policy every sandbox has by default, which needs no rules of its own. */
  public boolean isOpen() {
    return internetAllowed && allowOut.isEmpty() && denyOut.isEmpty();
  }

  /** Whether a name decides anything: then HTTP and TLS connections go through the egress proxy. */
  public boolean hasDomains() {
    return allowOut.stream().anyMatch(r -> r instanceof EgressRule.Domain)
        || denyOut.stream().anyMatch(r -> r instanceof EgressRule.Domain);
  }

  /** The address blocks among {@code rules}. */
  public static List<EgressRule.Cidr> cidrs(List<EgressRule> rules) {
    return rules.stream().filter(EgressRule.Cidr.class::isInstance).map(EgressRule.Cidr.class::cast).toList();
  }

  /** The policy in one line, for a label or a state file: {@code internet=false;allow=a,b;deny=c}. */
  public String encode() {
    return "internet=" + internetAllowed + ";allow=" + join(allowOut) + ";deny=" + join(denyOut);
  }

  /** Reads {@link #encode()}'s line back; a missing or unreadable one is the open policy. */
  public static EgressPolicy decode(String line) {
    if (line == null || line.isBlank()) {
      return OPEN;
    }
    Boolean internet = null;
    List<String> allow = List.of();
    List<String> deny = List.of();
    for (String part : line.split(";")) {
      int eq = part.indexOf('=');
      String key = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      List<String> entries = value.isEmpty() ? List.of() : List.of(value.split(","));
      switch (key) {
        case "internet" -> internet = Boolean.parseBoolean(value);
        case "allow" -> allow = entries;
        case "deny" -> deny = entries;
        default -> { }
      }
    }
    return of(Objects.requireNonNullElse(internet, true), allow, deny);
  }

  private static String join(List<EgressRule> rules) {
    return String.join(",", rules.stream().map(EgressRule::text).toList());
  }
}
