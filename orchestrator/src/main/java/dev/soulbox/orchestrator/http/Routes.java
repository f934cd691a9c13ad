package dev.soulbox.orchestrator.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the web port serves: the routes features add, and the handler that dispatches the requests of every
 * connection no {@link ConnectionRoute} took. Before any route, a malformed request is answered 400, and one that a
 * connection route addresses 421: it needs a connection of its own. A path no route has is 404 when it is read (GET,
 * HEAD) and 405 otherwise; a path whose routes do not take the method is 405; a 405 names the methods in Allow.
 */
@ChannelHandler.Sharable
public final class Routes extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(Routes.class);
  static final String HANDLER = "routes";
  private static final String CODEC = "codec";
  private static final String PROXY = "proxy";
  private static final String OTHER = "other";
  private static final int MAX_BODY_BYTES = 64 * 1024;
  private static final long MAX_DISCARDED_BYTES = 16L * 1024 * 1024;
  private static final List<HttpMethod> READ = List.of(HttpMethod.GET, HttpMethod.HEAD);
  private static final List<HttpMethod> ALLOW_ORDER = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
      HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

  private final HttpMetrics metrics;
  private final Bridges bridges;
  private final List<Route> routes = new CopyOnWriteArrayList<>();
  private final List<ConnectionRoute> connectionRoutes = new CopyOnWriteArrayList<>();

  /** Routes whose connection routes always take whole connections. */
  public Routes(HttpMetrics metrics) {
    this(metrics, null);
  }

  /** @param bridges how a {@link RequestRouter} among the connection routes reaches sandboxes, request by request */
  public Routes(HttpMetrics metrics, Bridges bridges) {
    this.metrics = metrics;
    this.bridges = bridges;
  }

  public Routes add(Route route) {
    routes.add(route);
    return this;
  }

  public Routes add(ConnectionRoute route) {
    connectionRoutes.add(route);
    return this;
  }

  List<ConnectionRoute> connectionRoutes() {
    return connectionRoutes;
  }

  /**
   * Serves the rest of a connection here: the HTTP codec, whole bodies, then this dispatcher. Should a request come
   * that a {@link RequestRouter} sends on, that router routes the connection's requests from then on, passing back
   * those that are the gateway's own.
   */
  void install(ChannelPipeline pipeline) {
    pipeline.addLast(CODEC, codec());
    if (requestRouter().isPresent()) {
      pipeline.addLast("request-switch", new RequestSwitch());
    }
    pipeline.addLast("aggregator", new BodyAggregator())
        .addLast(HANDLER, this);
  }

  /** Serves the rest of a connection request by request through {@code router}, the gateway's own requests here. */
  void installRequestByRequest(ChannelPipeline pipeline, RequestRouter router) {
    pipeline.addLast(CODEC, codec())
        .addLast(PROXY, new RequestProxy(pipeline.channel(), bridges, router::target))
        .addLast("aggregator", new BodyAggregator())
        .addLast(HANDLER, this);
  }

  /** The connection route that can route single requests, when the gateway has one and a way to reach sandboxes. */
  Optional<RequestRouter> requestRouter() {
    return bridges == null ? Optional.empty() : connectionRoutes.stream()
        .filter(RequestRouter.class::isInstance).map(RequestRouter.class::cast).findFirst();
  }

  private static HttpServerCodec codec() {
    return new HttpServerCodec(4096, RequestHead.MAX_BYTES, 8192);
  }

  /**
   * Watches the heads of a connection's requests, before their bodies are gathered: the first that the request router
   * sends on turns the connection over to a {@link RequestProxy} in front of these routes.
   */
  private final class RequestSwitch extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      RequestRouter router = requestRouter().orElseThrow();
      if (msg instanceof HttpRequest request && !request.decoderResult().isFailure()
          && router.routesRequest(request.method().name(), request.uri(), request.headers()::get)) {
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.addAfter(CODEC, PROXY, new RequestProxy(ctx.channel(), bridges, router::target));
        pipeline.remove(this);
        pipeline.context(CODEC).fireChannelRead(msg);
        return;
      }
      ctx.fireChannelRead(msg);
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      answer(ctx, request, OTHER, closing(Responses.text(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request")));
      return;
    }
    Optional<ConnectionRoute> misdirected = connectionRouteFor(request);
    if (misdirected.isPresent()) {
      // the first request chose this connection's route
      answer(ctx, request, misdirected.get().name(), closing(Responses.text(HttpResponseStatus.MISDIRECTED_REQUEST,
          "this connection serves the gateway itself; send " + misdirected.get().description()
              + " requests on a new connection")));
      return;
    }
    QueryStringDecoder query = new QueryStringDecoder(request.uri());
    String path = query.path();
    List<Route> onPath = routes.stream().filter(r -> r.path().test(path)).toList();
    Optional<Route> route = onPath.stream().filter(r -> r.takes(request)).findFirst();
    if (route.isPresent()) {
      route.get().handler().handle(new HttpExchange(ctx, request, query, route.get().name(), metrics));
    } else if (onPath.isEmpty() && READ.contains(request.method())) {
      answer(ctx, request, OTHER, Responses.text(HttpResponseStatus.NOT_FOUND, "no route for " + path));
    } else {
      FullHttpResponse response =
          Responses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, request.method() + " is not allowed here");
      response.headers().set(HttpHeaderNames.ALLOW, allowed(onPath));
      answer(ctx, request, OTHER, response);
    }
  }

  private Optional<ConnectionRoute> connectionRouteFor(FullHttpRequest request) {
    for (ConnectionRoute route : connectionRoutes) {
      try {
        if (route.addresses(request.method().name(), request.uri(), request.headers()::get)) {
          return Optional.of(route);
        }
      } catch (RequestRejectedException e) {
        return Optional.of(route);
      }
    }
    return Optional.empty();
  }

  /** The methods the path's routes take; a path without routes can only be read. */
  private static String allowed(List<Route> onPath) {
    return ALLOW_ORDER.stream()
        .filter(m -> onPath.isEmpty() ? READ.contains(m) : onPath.stream().anyMatch(r -> r.takes(m)))
        .map(HttpMethod::name).collect(Collectors.joining(", "));
  }

  private void answer(ChannelHandlerContext ctx, FullHttpRequest request, String route, FullHttpResponse response) {
    metrics.request(route, response.status().code());
    Responses.send(ctx, request, response);
  }

  private static FullHttpResponse closing(FullHttpResponse response) {
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return response;
  }

  /** Whole bodies up to {@value #MAX_BODY_BYTES} bytes; a larger one is answered 413 in the JSON error shape. */
  private final class BodyAggregator extends HttpObjectAggregator {
    BodyAggregator() {
      super(MAX_BODY_BYTES);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
      if (!(oversized instanceof HttpRequest)) {
        super.handleOversizedMessage(ctx, oversized);
        return;
      }
      HttpResponseStatus status = HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
      byte[] body = ("{\"code\":413,\"message\":\"the request body is larger than " + MAX_BODY_BYTES
          + " bytes\"}\n").getBytes(StandardCharsets.UTF_8);
      FullHttpResponse response = Responses.of(status, Responses.JSON, body);
      metrics.request(OTHER, status.code());
      // Closing while the client is still sending would reset the connection and lose the 413 on its way; a body of
      // a declared, bounded length is read to its end and dropped (the aggregator skips it), then the connection
      // stays usable.
      long declared = HttpUtil.getContentLength(oversized, -1L);
      if (HttpUtil.isKeepAlive(oversized) && declared >= 0 && declared <= MAX_DISCARDED_BYTES) {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      } else {
        ctx.writeAndFlush(closing(response)).addListener(ChannelFutureListener.CLOSE);
      }
    }
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
