package dev.soulbox.orchestrator.api;

import dev.soulbox.orchestrator.vnc.VncLinks;
import java.net.URI;

/**
 * How clients reach the orchestrator's HTTP side, for the URLs handed out in responses.
 *
 * @param host the host name clients use (default localhost)
 * @param httpPort the HTTP gateway's port
 */
public record PublicUrls(String host, int httpPort) {
  /** The HTTP gateway's base URL, {@code http://<host>:<port>}. */
  public URI base() {
    return URI.create("http://" + host + ":" + httpPort);
  }

  /** The websockify URL and noVNC page of the sandbox this VNC token opens. */
  public VncLinks vnc(String vncToken) {
    return VncLinks.of(base(), vncToken);
  }

  /** Where a sandbox's port is served: browsers resolve {@code *.localhost} to loopback. */
  public String port(String sandboxId, int port) {
    return "http://" + port + "-" + sandboxId + "." + host + ":" + httpPort + "/";
  }
}
