package dev.soulbox.orchestrator.api;

/**
 * How clients reach the orchestrator's HTTP side, for the URLs handed out in responses.
 *
 * @param host the host name clients use (default localhost)
 * @param httpPort the HTTP gateway's port
 */
public record PublicUrls(String host, int httpPort) {
  public String websocket(String vncToken) {
    return "ws://" + host + ":" + httpPort + "/websockify?token=" + vncToken;
  }

  public String novnc(String vncToken) {
    return "http://" + host + ":" + httpPort + "/vnc/?token=" + vncToken;
  }

  /** Where a sandbox's port is served: browsers resolve {@code *.localhost} to loopback. */
  public String port(String sandboxId, int port) {
    return "http://" + port + "-" + sandboxId + "." + host + ":" + httpPort + "/";
  }
}
