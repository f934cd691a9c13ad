package dev.soulbox.orchestrator.http;

import io.netty.handler.codec.http.FullHttpResponse;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where {@link RequestProxy} sends one request: a server in a sandbox; the gateway's own routes; or nowhere, with
 * the answer the gateway gives instead.
 */
public final class RequestTarget {
  private static final RequestTarget LOCAL = new RequestTarget(null, null, null);

  private final InetSocketAddress address;
  private final FullHttpResponse refusal;
  private final Function<String, FullHttpResponse> unreachable;

  private RequestTarget(InetSocketAddress address, FullHttpResponse refusal,
                        Function<String, FullHttpResponse> unreachable) {
    this.address = address;
    this.refusal = refusal;
    this.unreachable = unreachable;
  }

  /** @param unreachable the answer when nothing accepts the connection, given why (e.g. "connection refused") */
  public static RequestTarget of(InetSocketAddress address, Function<String, FullHttpResponse> unreachable) {
    return new RequestTarget(Objects.requireNonNull(address, "address"), null,
        Objects.requireNonNull(unreachable, "unreachable"));
  }

  public static RequestTarget refused(FullHttpResponse answer) {
    return new RequestTarget(null, Objects.requireNonNull(answer, "answer"), null);
  }

  /** The request is for the gateway itself, answered by its {@link Routes}. */
  public static RequestTarget local() {
    return LOCAL;
  }

  boolean isLocal() {
    return this == LOCAL;
  }

  InetSocketAddress address() {
    return address;
  }

  FullHttpResponse refusal() {
    return refusal;
  }

  Function<String, FullHttpResponse> unreachable() {
    return unreachable;
  }
}
