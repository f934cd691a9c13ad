package dev.soulbox.orchestrator.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How the web gateway behaves beyond where it listens.
 *
 * @param connectTimeout how long to wait for a sandbox port or VNC server to accept a connection
 * @param idleTimeout how long a connection may stay silent before its first request, or between the gateway's own
 *     requests; bridges to sandboxes have none
 */
public record HttpGatewayOptions(Duration connectTimeout, Duration idleTimeout) {
  public HttpGatewayOptions {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
  }

  public static HttpGatewayOptions defaults() {
    return new HttpGatewayOptions(Duration.ofSeconds(5), Duration.ofSeconds(60));
  }

  public HttpGatewayOptions withConnectTimeout(Duration timeout) {
    return new HttpGatewayOptions(timeout, idleTimeout);
  }

  public HttpGatewayOptions withIdleTimeout(Duration timeout) {
    return new HttpGatewayOptions(connectTimeout, timeout);
  }
}
