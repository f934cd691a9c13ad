package dev.soulbox.orchestrator.vnc;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a browser or any websockify client opens a sandbox's desktop, given the gateway's public base URL
 * ({@code http://localhost:7080} by default): {@code ws://<host>:7080/websockify?token=<token>} and the bundled noVNC
 * page {@code http://<host>:7080/vnc/?token=<token>}.
 */
public record VncLinks(String websocketUrl, String novncUrl) {
  public static VncLinks of(URI publicBaseUrl, String token) {
    String base = publicBaseUrl.toString().replaceAll("/+$", "");
    String query = "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    String websocketBase = base.replaceFirst("^http", "ws");
    return new VncLinks(websocketBase + "/websockify" + query, base + "/vnc/" + query);
  }
}
