package dev.soulbox.agent.http;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.ChannelFuture;
import io.grpc.netty.shaded.io.netty.channel.ChannelFutureListener;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultHttpContent;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultHttpHeaders;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultHttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.FullHttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaderNames;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaderValues;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaders;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpRequest;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponseStatus;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpUtil;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpVersion;
import io.grpc.netty.shaded.io.netty.handler.codec.http.LastHttpContent;
import io.grpc.netty.shaded.io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The response side of one request: a whole response, or a head then chunks. Safe to use from
 * any thread; Netty runs the writes on the connection's event loop. Adds envd's CORS headers.
 */
final class Reply {
  private final ChannelHandlerContext ctx;
  private final HttpRequest request;
  private final QueryStringDecoder uri;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean keepAlive;

  Reply(ChannelHandlerContext ctx, HttpRequest request) {
    this.ctx = ctx;
    this.request = request;
    this.uri = new QueryStringDecoder(request.uri());
    this.keepAlive = HttpUtil.isKeepAlive(request);
  }

  HttpRequest request() {
    return request;
  }

  HttpHeaders headers() {
    return request.headers();
  }

  String path() {
    return uri.path();
  }

  /** The first value of a query parameter, or null. */
  String query(String name) {
    List<String> values = uri.parameters().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  boolean started() {
    return started.get();
  }

  /** Closes the connection after this response, as after a body that was not read to its end. */
  void closeAfter() {
    keepAlive = false;
  }

  void json(HttpResponseStatus status, String json) {
    send(status, "application/json", json.getBytes(StandardCharsets.UTF_8), new DefaultHttpHeaders());
  }

  void empty(HttpResponseStatus status) {
    send(status, null, new byte[0], new DefaultHttpHeaders());
  }

  void send(HttpResponseStatus status, String contentType, byte[] body, HttpHeaders extra) {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().add(extra);
    if (contentType != null) {
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    HttpUtil.setContentLength(response, body.length);
    finishHead(response);
    ChannelFuture done = ctx.writeAndFlush(response);
    if (!keepAlive) {
      done.addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** Sends the head of a response whose body follows in {@link #chunk}s; false if a response was sent already. */
  boolean head(HttpResponseStatus status, HttpHeaders headers) {
    if (!started.compareAndSet(false, true)) {
      return false;
    }
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
    response.headers().add(headers);
    if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      HttpUtil.setTransferEncodingChunked(response, true);
    }
    finishHead(response);
    ctx.writeAndFlush(response);
    return true;
  }

  ChannelFuture chunk(ByteBuf bytes) {
    return ctx.writeAndFlush(new DefaultHttpContent(bytes));
  }

  void finish() {
    ChannelFuture done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    if (!keepAlive) {
      done.addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** Ends the connection, for a response that cannot be finished properly. */
  void cut() {
    ctx.close();
  }

  boolean open() {
    return ctx.channel().isActive();
  }

  private void finishHead(HttpResponse response) {
    Cors.addTo(request, response.headers());
    if (keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
  }
}
