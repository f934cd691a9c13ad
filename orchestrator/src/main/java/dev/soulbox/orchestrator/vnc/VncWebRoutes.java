package dev.soulbox.orchestrator.vnc;

import dev.soulbox.orchestrator.http.Bridges;
import dev.soulbox.orchestrator.http.ClasspathFiles;
import dev.soulbox.orchestrator.http.HttpExchange;
import dev.soulbox.orchestrator.http.Responses;
import dev.soulbox.orchestrator.http.Route;
import dev.soulbox.orchestrator.http.Routes;
import dev.soulbox.orchestrator.lifecycle.SandboxDirectory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;

/**
 * The desktop's part of the web port: the bundled noVNC page and its files under {@code /vnc/} ({@code /vnc}
 * redirects there, keeping the query), and {@code /websockify}, which joins the page to the sandbox's VNC server.
 * {@link VncLinks} builds the URLs of both.
 */
public final class VncWebRoutes {
  static final String ROUTE = "vnc";

  private VncWebRoutes() {}

  public static void register(Routes routes, SandboxDirectory directory, Bridges bridges) {
    // SoulBox's page (static/vnc/) first, then noVNC as the build unpacked it (static/novnc/: core/, vendor/)
    ClasspathFiles files = new ClasspathFiles("/vnc/", List.of("static/vnc/", "static/novnc/"), Map.of());
    WebsockifyRoute websockify = new WebsockifyRoute(directory, bridges);
    routes.add(Route.get(ROUTE, "/vnc", VncWebRoutes::toPage))
        .add(Route.getUnder(ROUTE, files.prefix(), files::serve))
        .add(Route.anyMethod(WebsockifyRoute.ROUTE, WebsockifyRoute.PATH, websockify::open));
  }

  private static void toPage(HttpExchange exchange) {
    FullHttpResponse response = Responses.text(HttpResponseStatus.MOVED_PERMANENTLY, "see /vnc/");
    String rawQuery = exchange.rawQuery();
    response.headers().set(HttpHeaderNames.LOCATION, "/vnc/" + (rawQuery.isEmpty() ? "" : "?" + rawQuery));
    exchange.respond(response);
  }
}
