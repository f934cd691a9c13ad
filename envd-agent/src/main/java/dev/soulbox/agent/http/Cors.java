package dev.soulbox.agent.http;

import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaderNames;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaders;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpRequest;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponseStatus;

/**
 * CORS as envd sets it: any origin and header; methods HEAD, GET, POST, PUT, PATCH, DELETE;
 * Connect's response headers plus {@code Location}, {@code Cache-Control} and
 * {@code X-Content-Type-Options} exposed; preflights cached for two hours.
 */
final class Cors {
  static final String METHODS = "HEAD, GET, POST, PUT, PATCH, DELETE";
  static final String EXPOSED = "Grpc-Status, Grpc-Message, Grpc-Status-Details-Bin, Connect-Protocol-Version, "
      + "Content-Encoding, Connect-Content-Encoding, Location, Cache-Control, X-Content-Type-Options";

  private Cors() {}

  static boolean isPreflight(HttpRequest request) {
    return "OPTIONS".equals(request.method().name())
        && request.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
  }

  static void addTo(HttpRequest request, HttpHeaders response) {
    if (!request.headers().contains(HttpHeaderNames.ORIGIN)) {
      return;
    }
    response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    response.add(HttpHeaderNames.VARY, "Origin");
    if (isPreflight(request)) {
      response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, METHODS);
      String asked = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
      if (asked != null) {
        response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, asked);
      }
      response.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "7200");
    } else {
      response.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
    }
  }

  static void answerPreflight(Reply reply) {
    reply.empty(HttpResponseStatus.NO_CONTENT);
  }
}
