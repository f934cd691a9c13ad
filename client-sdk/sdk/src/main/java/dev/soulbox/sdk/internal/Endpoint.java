package dev.soulbox.sdk.internal;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the orchestrator listens: {@code host:port} or {@code http://host:port} in plaintext,
 * {@code https://host[:port]} over TLS. A missing port is 7070 (443 for https).
 */
public record Endpoint(String host, int port, boolean tls) {
  public static final String DEFAULT = "localhost:7070";
  static final int DEFAULT_PORT = 7070;

  public static Endpoint parse(String text) {
    String s = text == null ? "" : text.strip();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("endpoint is empty; expected host:port, http://host:port or https://host");
    }
    boolean tls = s.startsWith("https://");
    URI uri;
    try {
      uri = new URI(s.contains("://") ? s : "http://" + s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("endpoint " + text + " is not host:port or a URL: " + e.getMessage(), e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("endpoint " + text + " has scheme " + uri.getScheme() + "; use http or https");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("endpoint " + text + " has no host");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty() && !"/".equals(path)) {
      throw new IllegalArgumentException("endpoint " + text + " has a path; gRPC needs just host and port");
    }
    int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : DEFAULT_PORT;
    return new Endpoint(host, port, tls);
  }

  @Override
  public String toString() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return (tls ? "https://" : "") + h + ":" + port;
  }
}
