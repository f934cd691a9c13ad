package dev.soulbox.orchestrator.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A route that takes whole connections, chosen by the head of their first request: from then on the connection is
 * the route's, and the gateway reads nothing more of it (sandbox ports splice it to the sandbox byte for byte).
 */
public interface ConnectionRoute {
  /** Its label in {@code soulbox_http_requests_total}. */
  String name();

  /** What its requests are, for the answer to one sent on a connection the gateway serves itself. */
  String description();

  /**
   * Whether a request is for this route.
   *
   * @param method the request's method
   * @param uri the request target (path and query)
   * @param header a request header by its lower-case name, null when absent
   * @throws RequestRejectedException when the request asks for this route in a way it cannot serve
   */
  boolean addresses(String method, String uri, UnaryOperator<String> header);

  /** Takes {@code client} over; {@code handOff} stops the buffering and returns the bytes read so far. */
  void open(Channel client, RequestHead head, Supplier<ByteBuf> handOff);
}
