package dev.soulbox.orchestrator.ports;

import dev.soulbox.orchestrator.http.RequestRejectedException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request for a port inside a sandbox: by host name {@code <port>-<sandbox id>.<domain>} (for example
 * {@code 3000-abcdefghij0123456789.localhost:7080}), else by E2B's headers {@code E2b-Sandbox-Id} and
 * {@code E2b-Sandbox-Port}, as E2B's proxy takes them: only on a request for the gateway itself (its Host
 * {@code localhost}, an IP address, or the public domain), so a request to any other host keeps its headers.
 */
record PortRoute(String sandboxId, int port, boolean byHeaders) {
  private static final Pattern SANDBOX_HOST = Pattern.compile("([^.\\-]+)-([a-z0-9]{20})\\.[^:]+");
  private static final Pattern SANDBOX_ID = Pattern.compile("[a-z0-9]{20}");
  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

  /** The route a request's headers ask for, header routing on requests to {@code localhost} and IP addresses. */
  static Optional<PortRoute> of(UnaryOperator<String> header) {
    return of(header, "localhost");
  }

  /**
   * The route a request's headers (by lower-case name) ask for; empty when they address the gateway itself.
   *
   * @param publicDomain the domain sandbox hosts are under ({@code host[:port]}); its host takes header routes too
   */
  static Optional<PortRoute> of(UnaryOperator<String> header, String publicDomain) {
    String host = header.apply("host");
    String e2bSandboxId = header.apply("e2b-sandbox-id");
    String e2bSandboxPort = header.apply("e2b-sandbox-port");
    Matcher m = SANDBOX_HOST.matcher(hostName(host));
    if (m.matches()) {
      return Optional.of(new PortRoute(m.group(2), port(m.group(1), "host " + host), false));
    }
    if (e2bSandboxId == null || e2bSandboxId.isEmpty() || !isGateway(hostName(host), hostName(publicDomain))) {
      return Optional.empty();
    }
    if (!SANDBOX_ID.matcher(e2bSandboxId).matches()) {
      throw new RequestRejectedException(HttpResponseStatus.BAD_REQUEST,
          "E2b-Sandbox-Id is not a sandbox id (20 characters of a-z and 0-9)");
    }
    if (e2bSandboxPort == null) {
      throw new RequestRejectedException(HttpResponseStatus.BAD_REQUEST, "E2b-Sandbox-Id needs E2b-Sandbox-Port");
    }
    return Optional.of(new PortRoute(e2bSandboxId, port(e2bSandboxPort, "E2b-Sandbox-Port"), true));
  }

  /** Whether a request with these headers is for the gateway itself (its Host, not a sandbox's). */
  static boolean isForGateway(UnaryOperator<String> header, String publicDomain) {
    return isGateway(hostName(header.apply("host")), hostName(publicDomain));
  }

  /** Whether a request for {@code name} is for the gateway itself; a request without a Host is. */
  private static boolean isGateway(String name, String publicHost) {
    return name.isEmpty() || name.equals("localhost") || name.equals(publicHost) || name.equals("sandbox." + publicHost)
        || IPV4.matcher(name).matches() || name.startsWith("[");
  }

  private static String hostName(String host) {
    if (host == null) {
      return "";
    }
    String name = host.trim().toLowerCase(Locale.ROOT);
    int colon = name.lastIndexOf(':');
    return colon >= 0 && !name.endsWith("]") ? name.substring(0, colon) : name;
  }

  private static int port(String text, String where) {
    try {
      int port = Integer.parseInt(text.trim());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new RequestRejectedException(HttpResponseStatus.BAD_REQUEST,
        "'" + text + "' in " + where + " is not a port (1-65535)");
  }
}
