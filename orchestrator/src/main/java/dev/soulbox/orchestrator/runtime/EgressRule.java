package dev.soulbox.orchestrator.runtime;

import dev.soulbox.grpc.InvalidArgumentException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** One entry of an egress policy: a block of addresses (an IP is a block of one), or a domain name. */
public sealed interface EgressRule {
  /** The entry as written in a policy. */
  String text();

  /** Addresses {@code address}/{@code prefix}, IPv4 or IPv6. */
  record Cidr(InetAddress network, int prefix) implements EgressRule {
    public boolean contains(InetAddress address) {
      byte[] a = network.getAddress();
      byte[] b = address.getAddress();
      if (a.length != b.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (a[i] != b[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      return rest == 0 || ((a[full] ^ b[full]) & (0xff << (8 - rest)) & 0xff) == 0;
    }

    public boolean ipv6() {
      return network.getAddress().length == 16;
    }

    @Override
    public String text() {
      return network.getHostAddress() + "/" + prefix;
    }
  }

  /** A host name; with {@code subdomains}, written {@code *.name}, any name below it instead. */
  record Domain(String name, boolean subdomains) implements EgressRule {
    public boolean matches(String host) {
      String h = host.toLowerCase(Locale.ROOT);
      if (h.endsWith(".")) {
        h = h.substring(0, h.length() - 1);
      }
      return subdomains ? h.endsWith("." + name) : h.equals(name);
    }

    @Override
    public String text() {
      return subdomains ? "*." + name : name;
    }
  }

  Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  /**
   * Reads an entry: {@code 10.1.2.3}, {@code 10.0.0.0/8}, {@code 2001:db8::/32},
   * {@code example.com} or {@code *.example.com}.
   *
   * @throws InvalidArgumentException naming the entry and what it should look like
   */
  static EgressRule parse(String entry, String field) {
    String text = entry == null ? "" : entry.strip().toLowerCase(Locale.ROOT);
    if (text.isEmpty()) {
      throw new InvalidArgumentException(field + " has an empty entry; give an IP, a CIDR block or a domain name");
    }
    int slash = text.indexOf('/');
    String host = slash < 0 ? text : text.substring(0, slash);
    if (IPV4.matcher(host).matches() || host.contains(":")) {
      return cidr(entry, field, text, host, slash);
    }
    if (slash >= 0) {
      throw invalid(entry, field);
    }
    boolean subdomains = text.startsWith("*.");
    String name = subdomains ? text.substring(2) : text;
    if (name.length() > 253 || !DOMAIN.matcher(name).matches() || !name.contains(".") && subdomains) {
      throw invalid(entry, field);
    }
    return new Domain(name, subdomains);
  }

  private static EgressRule cidr(String entry, String field, String text, String host, int slash) {
    InetAddress address;
    try {
      if (IPV4.matcher(host).matches()) {
        for (String part : host.split("\\.")) {
          if (Integer.parseInt(part) > 255) {
            throw invalid(entry, field);
          }
        }
      } else if (!host.matches("[0-9a-f:.]+")) {
        throw invalid(entry, field);
      }
      address = InetAddress.getByName(host); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw invalid(entry, field);
    }
    int max = address.getAddress().length * 8;
    int prefix = max;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw invalid(entry, field);
      }
      if (prefix < 0 || prefix > max) {
        throw invalid(entry, field);
      }
    }
    return new Cidr(mask(address, prefix), prefix);
  }

  private static InetAddress mask(InetAddress address, int prefix) {
    byte[] bytes = address.getAddress();
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      bytes[i] &= (byte) (0xff << (8 - keep));
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InvalidArgumentException invalid(String entry, String field) {
    return new InvalidArgumentException(field + " entry '" + entry + "' is not an IP address (10.1.2.3), a CIDR block"
        + " (10.0.0.0/8, 2001:db8::/32) or a domain name (example.com, *.example.com)");
  }
}
