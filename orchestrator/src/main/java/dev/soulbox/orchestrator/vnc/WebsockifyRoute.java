package dev.soulbox.orchestrator.vnc;

import dev.soulbox.orchestrator.http.Bridges;
import dev.soulbox.orchestrator.http.HttpExchange;
import dev.soulbox.orchestrator.http.Responses;
import dev.soulbox.orchestrator.lifecycle.SandboxDirectory;
import dev.soulbox.orchestrator.runtime.VncPassword;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.concurrent.Future;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /websockify?token=<token>}: a websockify-compatible WebSocket ({@code binary} subprotocol, as noVNC
 * asks for) joined to the VNC server the token opens. Everything that can fail is checked before the upgrade, so
 * a client sees a plain status and reason: no token 400, unknown or expired token 403, no VNC 404, paused 503, not
 * a WebSocket 426, VNC server unreachable 502. The bridge answers the VNC server's authentication itself, with the
 * sandbox's VNC password, and offers its viewer no authentication: the token was the viewer's proof.
 */
final class WebsockifyRoute {
  private static final Logger log = LoggerFactory.getLogger(WebsockifyRoute.class);
  static final String PATH = "/websockify";
  static final String ROUTE = "websockify";
  static final String BRIDGE = "vnc";
  private static final int MAX_FRAME_BYTES = 4 * 1024 * 1024;

  private final SandboxDirectory directory;
  private final Bridges bridges;

  WebsockifyRoute(SandboxDirectory directory, Bridges bridges) {
    this.directory = directory;
    this.bridges = bridges;
    bridges.declare(BRIDGE);
  }

  void open(HttpExchange exchange) {
    Optional<String> token = exchange.parameter("token").filter(t -> !t.isEmpty());
    if (token.isEmpty()) {
      fail(exchange, HttpResponseStatus.BAD_REQUEST, "the token query parameter is required: /websockify?token=…");
      return;
    }
    VncTarget target;
    try {
      target = VncTarget.resolve(directory, token.get());
    } catch (VncRouteException e) {
      fail(exchange, statusOf(e.reason()), e.getMessage());
      return;
    }
    FullHttpRequest request = exchange.request();
    if (!request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
      FullHttpResponse response = Responses.text(HttpResponseStatus.UPGRADE_REQUIRED,
          "/websockify is a WebSocket endpoint; connect with a websockify client such as noVNC");
      response.headers().set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
      exchange.respond(response);
      return;
    }
    Channel client = exchange.channel();
    client.config().setAutoRead(false);
    request.retain();
    VncBackend.open(bridges, client, target.address(), VncPassword.of(token.get())).addListener(
        (Future<Channel> opened) -> {
          try {
            if (!opened.isSuccess()) {
              log.warn("sandbox {}: no VNC session at {}: {}", target.sandboxId(), target.address(),
                  opened.cause().getMessage());
              client.config().setAutoRead(true);
              fail(exchange, HttpResponseStatus.BAD_GATEWAY,
                  "the VNC server of sandbox " + target.sandboxId() + " is not reachable");
              return;
            }
            upgrade(exchange, target, opened.getNow());
          } finally {
            request.release();
          }
        });
  }

  private void upgrade(HttpExchange exchange, VncTarget target, Channel vnc) {
    FullHttpRequest request = exchange.request();
    Channel client = exchange.channel();
    String url = "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + PATH;
    WebSocketServerHandshaker handshaker =
        new WebSocketServerHandshakerFactory(url, "binary", false, MAX_FRAME_BYTES).newHandshaker(request);
    if (!client.isActive()) {
      vnc.close();
      return;
    }
    if (handshaker == null) {
      vnc.close();
      exchange.counted(HttpResponseStatus.UPGRADE_REQUIRED);
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(client);
      return;
    }
    handshaker.handshake(client, request).addListener((ChannelFuture upgraded) -> {
      if (!upgraded.isSuccess()) {
        vnc.close();
        client.close();
        return;
      }
      exchange.counted(HttpResponseStatus.SWITCHING_PROTOCOLS);
      log.info("sandbox {}: VNC bridge opened from {}", target.sandboxId(), client.remoteAddress());
      client.closeFuture().addListener(f -> log.info("sandbox {}: VNC bridge closed", target.sandboxId()));
      exchange.leaveRoutes();
      client.pipeline().addLast("websockify", new WebsockifyCodec())
          .addLast("rfb", new RfbServerSide(() -> bridges.splice(client, vnc, BRIDGE, null)));
      client.config().setAutoRead(true);
    });
  }

  private static void fail(HttpExchange exchange, HttpResponseStatus status, String message) {
    exchange.respond(Responses.text(status, message));
  }

  private static HttpResponseStatus statusOf(VncRouteException.Reason reason) {
    return switch (reason) {
      case UNKNOWN_TOKEN -> HttpResponseStatus.FORBIDDEN;
      case NO_VNC -> HttpResponseStatus.NOT_FOUND;
      case PAUSED -> HttpResponseStatus.SERVICE_UNAVAILABLE;
    };
  }
}
