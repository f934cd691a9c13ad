package dev.soulbox.orchestrator.http;

import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** The gateway's own responses: plain text, E2B-shaped JSON errors, and raw bytes for connections without a codec. */
public final class Responses {
  static final String TEXT = "text/plain; charset=utf-8";
  static final String JSON = "application/json";

  private Responses() {}

  /** The HTTP status that tells a web client what a gRPC status code told a gRPC one. */
  public static HttpResponseStatus statusOf(Status.Code code) {
    return switch (code) {
      case INVALID_ARGUMENT, OUT_OF_RANGE -> HttpResponseStatus.BAD_REQUEST;
      case UNAUTHENTICATED -> HttpResponseStatus.UNAUTHORIZED;
      case PERMISSION_DENIED -> HttpResponseStatus.FORBIDDEN;
      case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
      case ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED -> HttpResponseStatus.CONFLICT;
      case RESOURCE_EXHAUSTED -> HttpResponseStatus.TOO_MANY_REQUESTS;
      case UNIMPLEMENTED -> HttpResponseStatus.NOT_IMPLEMENTED;
      case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
      case DEADLINE_EXCEEDED -> HttpResponseStatus.GATEWAY_TIMEOUT;
      default -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
    };
  }

  public static FullHttpResponse text(HttpResponseStatus status, String body) {
    return of(status, TEXT, (body + "\n").getBytes(StandardCharsets.UTF_8));
  }

  public static FullHttpResponse of(HttpResponseStatus status, String contentType, byte[] body) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    HttpUtil.setContentLength(response, body.length);
    return response;
  }

  /**
   * Sends on a connection with a codec, keeping it open when the request allows and the response does not say
   * {@code Connection: close}; a HEAD response has no body.
   */
  static void send(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response) {
    boolean keepAlive = HttpUtil.isKeepAlive(request)
        && !response.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
    if (request.method().equals(HttpMethod.HEAD)) {
      response.content().clear();
    }
    response.headers().set(HttpHeaderNames.CONNECTION,
        keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    var sent = ctx.writeAndFlush(response);
    if (!keepAlive) {
      sent.addListener(ChannelFutureListener.CLOSE);
    }
  }

  /**
   * Answers on a connection that has no HTTP codec (before routing, or for a connection route), then closes it: with
   * a {@code sandboxId}, in E2B's JSON error shape, else as plain text.
   */
  public static void sendRawAndClose(Channel channel, HttpResponseStatus status, String sandboxId, String message) {
    String body = sandboxId == null ? message + "\n" : json(status, sandboxId, message);
    String contentType = sandboxId == null ? TEXT : JSON;
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status.code() + " " + status.reasonPhrase() + "\r\n"
        + "Content-Type: " + contentType + "\r\n"
        + "Content-Length: " + bytes.length + "\r\n"
        + "Connection: close\r\n\r\n";
    ByteBuf out = Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.ISO_8859_1), bytes);
    channel.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
  }

  /** A response with the JSON error body {@code {"code": …, "message": …}}. */
  public static FullHttpResponse json(HttpResponseStatus status, String message) {
    String body = "{\"code\":" + status.code() + ",\"message\":" + quote(message) + "}\n";
    return of(status, JSON, body.getBytes(StandardCharsets.UTF_8));
  }

  /** A response with E2B's JSON error body, for a connection with a codec. */
  public static FullHttpResponse e2bError(HttpResponseStatus status, String sandboxId, String message) {
    return of(status, JSON, json(status, sandboxId, message).getBytes(StandardCharsets.UTF_8));
  }

  /** E2B's error shape: {@code {"sandboxId": …, "message": …, "code": …}}. */
  static String json(HttpResponseStatus status, String sandboxId, String message) {
    return "{\"sandboxId\":" + quote(sandboxId) + ",\"message\":" + quote(message)
        + ",\"code\":" + status.code() + "}\n";
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20 || c == '<' || c == '>') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
