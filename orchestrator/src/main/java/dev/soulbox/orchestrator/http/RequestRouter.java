package dev.soulbox.orchestrator.http;

import io.netty.handler.codec.http.HttpRequest;
import java.util.function.UnaryOperator;

/**
 * A {@link ConnectionRoute} whose requests can also be routed one by one: each to the server its own headers name,
 * on a connection that carries the gateway's own requests too (a browser page sends both over one connection).
 */
public interface RequestRouter {
  /** Whether a request (its method, target and headers by lower-case name) is one this router sends on. */
  boolean routesRequest(String method, String uri, UnaryOperator<String> header);

  /** Where one request goes: a server in a sandbox, a refusal, or {@link RequestTarget#local()} for the gateway. */
  RequestTarget target(HttpRequest request);
}
