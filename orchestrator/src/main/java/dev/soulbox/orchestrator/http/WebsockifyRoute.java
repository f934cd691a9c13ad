package dev.soulbox.orchestrator.http;

import dev.soulbox.orchestrator.lifecycle.SandboxDirectory;
import dev.soulbox.orchestrator.vnc.VncRouteException;
import dev.soulbox.orchestrator.vnc.VncTarget;
import dev.soulbox.orchestrator.vnc.WebsockifyCodec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /websockify?token=<token>}: a websockify-compatible WebSocket ({@code binary} subprotocol, as noVNC
 * asks for) joined to the VNC server the token opens. Everything that can fail is checked before the upgrade, so
 * a client sees a plain status and reason: no token 400, unknown or expired token 403, no VNC 404, paused 503, not
 * a WebSocket 426, VNC server unreachable 502.
 */
final class WebsockifyRoute {
  private static final Logger log = LoggerFactory.getLogger(WebsockifyRoute.class);
  static final String PATH = "/websockify";
  static final String ROUTE = "websockify";
  private static final int MAX_FRAME_BYTES = 4 * 1024 * 1024;

  private final SandboxDirectory directory;
  private final BackendConnector connector;
  private final GatewayMetrics metrics;

  WebsockifyRoute(SandboxDirectory directory, BackendConnector connector, GatewayMetrics metrics) {
    this.directory = directory;
    this.connector = connector;
    this.metrics = metrics;
  }

  void open(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder query) {
    List<String> tokens = query.parameters().get("token");
    if (tokens == null || tokens.get(0).isEmpty()) {
      fail(ctx, request, HttpResponseStatus.BAD_REQUEST,
          "the token query parameter is required: /websockify?token=…");
      return;
    }
    VncTarget target;
    try {
      target = VncTarget.resolve(directory, tokens.get(0));
    } catch (VncRouteException e) {
      fail(ctx, request, statusOf(e.reason()), e.getMessage());
      return;
    }
    if (!request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
      FullHttpResponse response = Responses.text(HttpResponseStatus.UPGRADE_REQUIRED,
          "/websockify is a WebSocket endpoint; connect with a websockify client such as noVNC");
      response.headers().set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
      answer(ctx, request, response);
      return;
    }
    Channel client = ctx.channel();
    client.config().setAutoRead(false);
    request.retain();
    connector.connect(client, target.address()).addListener((ChannelFuture connected) -> {
      try {
        if (!connected.isSuccess()) {
          log.warn("sandbox {}: VNC server at {} unreachable: {}", target.sandboxId(), target.address(),
              connected.cause().getMessage());
          client.config().setAutoRead(true);
          fail(ctx, request, HttpResponseStatus.BAD_GATEWAY,
              "the VNC server of sandbox " + target.sandboxId() + " is not reachable");
          return;
        }
        upgrade(ctx, request, target, connected.channel());
      } finally {
        request.release();
      }
    });
  }

  private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, VncTarget target, Channel vnc) {
    Channel client = ctx.channel();
    String url = "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + PATH;
    WebSocketServerHandshaker handshaker =
        new WebSocketServerHandshakerFactory(url, "binary", false, MAX_FRAME_BYTES).newHandshaker(request);
    if (!client.isActive()) {
      vnc.close();
      return;
    }
    if (handshaker == null) {
      vnc.close();
      metrics.request(ROUTE, HttpResponseStatus.UPGRADE_REQUIRED.code());
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(client);
      return;
    }
    handshaker.handshake(client, request).addListener((ChannelFuture upgraded) -> {
      if (!upgraded.isSuccess()) {
        vnc.close();
        client.close();
        return;
      }
      metrics.request(ROUTE, HttpResponseStatus.SWITCHING_PROTOCOLS.code());
      log.info("sandbox {}: VNC bridge opened from {}", target.sandboxId(), client.remoteAddress());
      client.closeFuture().addListener(f -> log.info("sandbox {}: VNC bridge closed", target.sandboxId()));
      client.pipeline().remove(LocalRoutes.NAME);
      client.pipeline().addLast("websockify", new WebsockifyCodec());
      Relay.splice(client, vnc, metrics.bridgeOpened(GatewayMetrics.VNC), null);
    });
  }

  private void fail(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String message) {
    answer(ctx, request, Responses.text(status, message));
  }

  private void answer(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
    metrics.request(ROUTE, response.status().code());
    Responses.send(ctx, request, response);
  }

  private static HttpResponseStatus statusOf(VncRouteException.Reason reason) {
    return switch (reason) {
      case UNKNOWN_TOKEN -> HttpResponseStatus.FORBIDDEN;
      case NO_VNC -> HttpResponseStatus.NOT_FOUND;
      case PAUSED -> HttpResponseStatus.SERVICE_UNAVAILABLE;
    };
  }
}
