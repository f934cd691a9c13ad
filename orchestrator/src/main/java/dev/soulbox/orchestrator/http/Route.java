package dev.soulbox.orchestrator.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One route of the web port: a request whose path {@code path} matches and whose method it takes goes to
 * {@code handler}. {@code name} labels its requests in {@code soulbox_http_requests_total}.
 *
 * @param methods the methods it takes, every method when empty; GET brings HEAD along
 * @param when what else a request must be for this route to take it (a page for browsers, say, beside an API on the
 *     same path); a request it refuses goes on to the next route of its path
 */
public record Route(String name, Set<HttpMethod> methods, Predicate<String> path, Predicate<HttpRequest> when,
                    Handler handler) {
  /** Answers one request: through {@link HttpExchange#respond}, or by taking the connection over. */
  @FunctionalInterface
  public interface Handler {
    void handle(HttpExchange exchange);
  }

  public Route {
    methods = Set.copyOf(methods);
  }

  /** A route taking every request of its paths and methods. */
  public Route(String name, Set<HttpMethod> methods, Predicate<String> path, Handler handler) {
    this(name, methods, path, request -> true, handler);
  }

  /** GET (and HEAD) of exactly {@code path}. */
  public static Route get(String name, String path, Handler handler) {
    return new Route(name, Set.of(HttpMethod.GET), path::equals, handler);
  }

  /** GET (and HEAD) of every path that starts with {@code prefix}. */
  public static Route getUnder(String name, String prefix, Handler handler) {
    return new Route(name, Set.of(HttpMethod.GET), p -> p.startsWith(prefix), handler);
  }

  /** Every method on exactly {@code path}, for an endpoint that judges the request itself. */
  public static Route anyMethod(String name, String path, Handler handler) {
    return new Route(name, Set.of(), path::equals, handler);
  }

  /** Whether it answers {@code request}, whose path it has. */
  boolean takes(HttpRequest request) {
    return takes(request.method()) && when.test(request);
  }

  boolean takes(HttpMethod method) {
    return methods.isEmpty() || methods.contains(method)
        || (method.equals(HttpMethod.HEAD) && methods.contains(HttpMethod.GET));
  }
}
