package dev.soulbox.cli;

import dev.soulbox.sdk.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --no-internet}, {@code --allow-out}, {@code --deny-out}: a sandbox's egress policy. */
public final class NetworkMixin {
  @Option(names = "--no-internet", description = "No egress at all, except what --allow-out names.")
  boolean noInternet;

  @Option(names = "--allow-out", paramLabel = "ADDRESS", split = ",",
      description = "An IP, CIDR block or domain name (*.example.com for its subdomains) it may reach; repeatable.")
  List<String> allowOut = new ArrayList<>();

  @Option(names = "--deny-out", paramLabel = "ADDRESS", split = ",",
      description = "An IP, CIDR block or domain name it may not reach (wins over --allow-out); repeatable.")
  List<String> denyOut = new ArrayList<>();

  /** Whether any of the options was given. */
  public boolean given() {
    return noInternet || !allowOut.isEmpty() || !denyOut.isEmpty();
  }

  public NetworkPolicy policy() {
    NetworkPolicy base = noInternet ? NetworkPolicy.noInternet() : NetworkPolicy.open();
    return base.allowOut(allowOut.toArray(String[]::new)).denyOut(denyOut.toArray(String[]::new));
  }

  /** The policy in a line: {@code internet; allow pypi.org; deny 10.0.0.0/8}. */
  public static String describe(NetworkPolicy p) {
    StringBuilder s = new StringBuilder(p.internetAllowed() ? "internet" : "no internet");
    if (!p.allowOut().isEmpty()) {
      s.append("; allow ").append(String.join(", ", p.allowOut()));
    }
    if (!p.denyOut().isEmpty()) {
      s.append("; deny ").append(String.join(", ", p.denyOut()));
    }
    return s.toString();
  }
}
