package dev.soulbox.orchestrator.http;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the web gateway behaves beyond where it listens.
 *
 * @param websockifyTokenDir where to keep websockify token files for an external websockify; empty for none
 * @param publicBaseUrl the URL browsers use to reach the gateway, for the VNC links handed out; empty means
 *     {@code http://localhost:<bound port>}
 * @param connectTimeout how long to wait for a sandbox port or VNC server to accept a connection
 * @param idleTimeout how long a connection may stay silent before its first request, or between the gateway's own
 *     requests; bridges to sandboxes have none
 */
public record HttpGatewayOptions(Optional<Path> websockifyTokenDir, Optional<URI> publicBaseUrl,
                                 Duration connectTimeout, Duration idleTimeout) {
  public HttpGatewayOptions {
    Objects.requireNonNull(websockifyTokenDir, "websockifyTokenDir");
    Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
  }

  public static HttpGatewayOptions defaults() {
    return new HttpGatewayOptions(Optional.empty(), Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(60));
  }

  public HttpGatewayOptions withWebsockifyTokenDir(Path dir) {
    return new HttpGatewayOptions(Optional.of(dir), publicBaseUrl, connectTimeout, idleTimeout);
  }

  public HttpGatewayOptions withPublicBaseUrl(URI url) {
    return new HttpGatewayOptions(websockifyTokenDir, Optional.of(url), connectTimeout, idleTimeout);
  }

  public HttpGatewayOptions withConnectTimeout(Duration timeout) {
    return new HttpGatewayOptions(websockifyTokenDir, publicBaseUrl, timeout, idleTimeout);
  }

  public HttpGatewayOptions withIdleTimeout(Duration timeout) {
    return new HttpGatewayOptions(websockifyTokenDir, publicBaseUrl, connectTimeout, timeout);
  }
}
