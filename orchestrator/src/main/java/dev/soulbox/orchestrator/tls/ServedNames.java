package dev.soulbox.orchestrator.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The host names the web port answers to, and so the only names its certificates are made for: {@code localhost},
 * the loopback addresses and the public host, and one label under {@code localhost} or a public host name
 * ({@code <port>-<sandbox id>.localhost}, and {@code api.<domain>} where E2B's SDKs look for their API). No other name
 * gets a certificate, whoever asks.
 */
public final class ServedNames {
  static final String LOCALHOST = "localhost";
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");
  private static final Pattern IPV6 = Pattern.compile("\\[?[0-9a-f]*:[0-9a-f:.]*]?");
  private static final InetAddress IPV4_LOOPBACK = literal("127.0.0.1");
  private static final InetAddress IPV6_LOOPBACK = literal("::1");

  private final List<String> domains = new ArrayList<>();
  private final List<String> hostNames = new ArrayList<>();
  private final List<InetAddress> addresses = new ArrayList<>();

  private ServedNames(String publicHost) {
    domains.add(LOCALHOST);
    hostNames.add(LOCALHOST);
    addresses.add(IPV4_LOOPBACK);
    addresses.add(IPV6_LOOPBACK);
    String host = normalize(publicHost);
    if (isAddress(host)) {
      InetAddress address = literal(host);
      if (!addresses.contains(address)) {
        addresses.add(address);
      }
    } else if (!host.equals(LOCALHOST)) {
      if (!isDnsName(host)) {
        throw new IllegalArgumentException("public host '" + publicHost + "' is neither a host name nor an IP address");
      }
      hostNames.add(host);
      if (!host.endsWith("." + LOCALHOST)) {
        domains.add(host);
      }
    }
  }

  /** For a gateway whose clients know it as {@code publicHost} (a host name or an IP address), besides localhost. */
  public static ServedNames forPublicHost(String publicHost) {
    return new ServedNames(publicHost);
  }

  /** The host names of the certificate for clients that name none (SNI is only ever sent for host names). */
  List<String> defaultNames() {
    return List.copyOf(hostNames);
  }

  /** The IP addresses of that certificate. */
  List<InetAddress> defaultAddresses() {
    return List.copyOf(addresses);
  }

  /** Whether {@code name} (a TLS server name, already {@link #normalize}d) is one of {@link #defaultNames()}. */
  boolean isDefaultName(String name) {
    return hostNames.contains(name);
  }

  /** Whether a certificate may be made for {@code name}, a TLS server name already {@link #normalize}d. */
  boolean permits(String name) {
    if (isDefaultName(name)) {
      return true;
    }
    int dot = name.indexOf('.');
    return dot > 0 && LABEL.matcher(name.substring(0, dot)).matches() && hostNames.contains(name.substring(dot + 1));
  }

  /** What the local CA's name constraints allow: these domains with their subdomains, and these addresses. */
  NameScope scope() {
    List<NameScope.Block> blocks = new ArrayList<>();
    blocks.add(new NameScope.Block(literal("127.0.0.0"), 8));
    for (InetAddress address : addresses) {
      if (!address.equals(IPV4_LOOPBACK)) {
        blocks.add(new NameScope.Block(address, address.getAddress().length * 8));
      }
    }
    return new NameScope(domains, blocks);
  }

  /** Lower case, without the trailing dot of a fully qualified name. */
  static String normalize(String name) {
    String lower = name.trim().toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  /** Labels of letters, digits and inner hyphens; the last not all digits, as no top-level domain is. */
  private static boolean isDnsName(String host) {
    String[] labels = host.split("\\.", -1);
    return Arrays.stream(labels).allMatch(label -> LABEL.matcher(label).matches())
        && !labels[labels.length - 1].chars().allMatch(Character::isDigit);
  }

  private static boolean isAddress(String host) {
    return IPV4.matcher(host).matches() || IPV6.matcher(host).matches();
  }

  /** An address written as one (IPv6 with or without brackets); never a name lookup. */
  private static InetAddress literal(String address) {
    try {
      // in brackets, the JDK parses an IPv6 address or fails, and never looks the text up as a name
      return InetAddress.getByName(address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + address + "' is not an IP address", e);
    }
  }
}
