package dev.soulbox.orchestrator.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One route of the web port: a request whose path {@code path} matches and whose method it takes goes to
 * {@code handler}. {@code name} labels its requests in {@code soulbox_http_requests_total}.
 *
 * @param methods the methods it takes, every method when empty; GET brings HEAD along
 */
public record Route(String name, Set<HttpMethod> methods, Predicate<String> path, Handler handler) {
  /** Answers one request: through {@link HttpExchange#respond}, or by taking the connection over. */
  @FunctionalInterface
  public interface Handler {
    void handle(HttpExchange exchange);
  }

  public Route {
    methods = Set.copyOf(methods);
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

  boolean takes(HttpMethod method) {
    return methods.isEmpty() || methods.contains(method)
        || (method.equals(HttpMethod.HEAD) && methods.contains(HttpMethod.GET));
  }
}
