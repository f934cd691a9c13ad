package dev.soulbox.orchestrator.http;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.X509KeyManager;

/**
 * How the web gateway behaves beyond where it listens.
 *
 * @param connectTimeout how long to wait for a sandbox port or VNC server to accept a connection
 * @param idleTimeout how long a connection may stay silent before its first request, or between the gateway's own
 *     requests; bridges to sandboxes have none
 * @param tlsCertificates the certificates TLS connections are answered with, chosen per handshake; null: the port
 *     speaks plain HTTP only
 */
public record HttpGatewayOptions(Duration connectTimeout, Duration idleTimeout, X509KeyManager tlsCertificates) {
  public HttpGatewayOptions {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
  }

  public HttpGatewayOptions(Duration connectTimeout, Duration idleTimeout) {
    this(connectTimeout, idleTimeout, null);
  }

  public static HttpGatewayOptions defaults() {
    return new HttpGatewayOptions(Duration.ofSeconds(5), Duration.ofSeconds(60));
  }

  public HttpGatewayOptions withConnectTimeout(Duration timeout) {
    return new HttpGatewayOptions(timeout, idleTimeout, tlsCertificates);
  }

  public HttpGatewayOptions withIdleTimeout(Duration timeout) {
    return new HttpGatewayOptions(connectTimeout, timeout, tlsCertificates);
  }

  /** TLS on the same port as plain HTTP, told apart per connection. */
  public HttpGatewayOptions withTls(X509KeyManager certificates) {
    return new HttpGatewayOptions(connectTimeout, idleTimeout, Objects.requireNonNull(certificates, "certificates"));
  }
}
