package dev.soulbox.orchestrator.http;

import dev.soulbox.orchestrator.metrics.Metrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own routes, on connections whose first request was not for a sandbox port: {@code /healthz},
 * {@code /metrics}, the noVNC files under {@code /vnc/} and the {@code /websockify} endpoint.
 */
@ChannelHandler.Sharable
final class LocalRoutes extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(LocalRoutes.class);
  static final String NAME = "routes";
  private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  private final Metrics metrics;
  private final GatewayMetrics gatewayMetrics;
  private final StaticFiles files;
  private final WebsockifyRoute websockify;

  LocalRoutes(Metrics metrics, GatewayMetrics gatewayMetrics, StaticFiles files, WebsockifyRoute websockify) {
    this.metrics = metrics;
    this.gatewayMetrics = gatewayMetrics;
    this.files = files;
    this.websockify = websockify;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      answer(ctx, request, "other", closing(Responses.text(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request")));
      return;
    }
    if (addressesSandbox(request)) {
      // the first request chose this connection's route; sandbox ports need a connection of their own
      answer(ctx, request, PortBridge.ROUTE, closing(Responses.text(HttpResponseStatus.MISDIRECTED_REQUEST,
          "this connection serves the gateway itself; send sandbox port requests on a new connection")));
      return;
    }
    QueryStringDecoder query = new QueryStringDecoder(request.uri());
    String path = query.path();
    if (path.equals(WebsockifyRoute.PATH)) {
      websockify.open(ctx, request, query);
    } else if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
      FullHttpResponse response =
          Responses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, request.method() + " is not allowed here");
      response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
      answer(ctx, request, "other", response);
    } else if (path.equals("/healthz")) {
      answer(ctx, request, "healthz", Responses.text(HttpResponseStatus.OK, "ok"));
    } else if (path.equals("/metrics")) {
      answer(ctx, request, "metrics",
          Responses.of(HttpResponseStatus.OK, PROMETHEUS, metrics.render().getBytes(StandardCharsets.UTF_8)));
    } else if (path.equals("/vnc")) {
      FullHttpResponse response = Responses.text(HttpResponseStatus.MOVED_PERMANENTLY, "see /vnc/");
      String rawQuery = query.rawQuery();
      response.headers().set(HttpHeaderNames.LOCATION, "/vnc/" + (rawQuery.isEmpty() ? "" : "?" + rawQuery));
      answer(ctx, request, "vnc", response);
    } else if (path.startsWith("/vnc/")) {
      answer(ctx, request, "vnc", staticFile(request, path.substring("/vnc/".length())));
    } else {
      answer(ctx, request, "other", Responses.text(HttpResponseStatus.NOT_FOUND, "no route for " + path));
    }
  }

  private FullHttpResponse staticFile(FullHttpRequest request, String relativePath) {
    return files.find(relativePath).map(asset -> {
      if (asset.etag().equals(request.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
        FullHttpResponse notModified = Responses.of(HttpResponseStatus.NOT_MODIFIED, asset.contentType(), new byte[0]);
        notModified.headers().set(HttpHeaderNames.ETAG, asset.etag());
        return notModified;
      }
      FullHttpResponse response = Responses.of(HttpResponseStatus.OK, asset.contentType(), asset.bytes());
      response.headers().set(HttpHeaderNames.ETAG, asset.etag()).set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
      return response;
    }).orElseGet(() -> Responses.text(HttpResponseStatus.NOT_FOUND, "no file /vnc/" + relativePath));
  }

  private static boolean addressesSandbox(FullHttpRequest request) {
    try {
      return PortRoute.of(request.headers().get(HttpHeaderNames.HOST), request.headers().get("e2b-sandbox-id"),
          request.headers().get("e2b-sandbox-port")).isPresent();
    } catch (RequestRejectedException e) {
      return true;
    }
  }

  private void answer(ChannelHandlerContext ctx, FullHttpRequest request, String route, FullHttpResponse response) {
    gatewayMetrics.request(route, response.status().code());
    Responses.send(ctx, request, response);
  }

  private static FullHttpResponse closing(FullHttpResponse response) {
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return response;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      log.debug("connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    } else if (!(cause instanceof ReadTimeoutException)) {
      log.warn("request from {} failed", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }
}
