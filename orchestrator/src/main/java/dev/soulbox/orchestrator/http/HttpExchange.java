package dev.soulbox.orchestrator.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Optional;

/** One request a {@link Route} answers, and the ways to answer it; each answer is counted under the route's name. */
public final class HttpExchange {
  private final ChannelHandlerContext ctx;
  private final FullHttpRequest request;
  private final QueryStringDecoder query;
  private final String route;
  private final HttpMetrics metrics;

  HttpExchange(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder query, String route,
               HttpMetrics metrics) {
    this.ctx = ctx;
    this.request = request;
    this.query = query;
    this.route = route;
    this.metrics = metrics;
  }

  /** Released once the handler returns; a handler that answers later retains it. */
  public FullHttpRequest request() {
    return request;
  }

  /** The decoded path, without the query. */
  public String path() {
    return query.path();
  }

  /** The query as sent, without the {@code ?}; empty when there is none. */
  public String rawQuery() {
    return query.rawQuery();
  }

  /** The first value of a query parameter. */
  public Optional<String> parameter(String name) {
    List<String> values = query.parameters().get(name);
    return values == null ? Optional.empty() : Optional.of(values.get(0));
  }

  public Channel channel() {
    return ctx.channel();
  }

  /** Sends {@code response}, keeping the connection open when the request allows; from any thread. */
  public void respond(FullHttpResponse response) {
    counted(response.status());
    Responses.send(ctx, request, response);
  }

  /** Counts an answer the route sent on its own, such as a WebSocket handshake. */
  public void counted(HttpResponseStatus status) {
    metrics.request(route, status.code());
  }

  /** Takes the connection out of the gateway's routing, for a route that turns it into something else. */
  public void leaveRoutes() {
    ctx.pipeline().remove(Routes.HANDLER);
  }
}
