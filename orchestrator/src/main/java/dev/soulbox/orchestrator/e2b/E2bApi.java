package dev.soulbox.orchestrator.e2b;

import com.google.gson.JsonArray;
import dev.soulbox.orchestrator.http.HttpExchange;
import dev.soulbox.orchestrator.http.Route;
import dev.soulbox.orchestrator.http.Routes;
import dev.soulbox.orchestrator.http.WebFeature;
import dev.soulbox.orchestrator.lifecycle.Sandboxes;
import dev.soulbox.orchestrator.runtime.TemplateStore;
import dev.soulbox.orchestrator.webauth.ConsoleSessions;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * E2B's control-plane REST API on the web port, so that an E2B program with {@code E2B_API_URL} pointed here runs
 * unchanged: sandboxes ({@code /sandboxes}, {@code /v2/sandboxes}, …) and {@code GET /templates}, behind
 * {@code X-API-KEY}. Each call runs on a worker thread of its own (creating a sandbox waits for its agent), never on
 * the gateway's event loop; answers and errors are E2B's JSON.
 */
public final class E2bApi implements WebFeature, AutoCloseable {
  static final String ROUTE = "e2b_api";
  private static final String ID = "([^/]+)";

  private record Endpoint(HttpMethod method, Pattern path, Function<ApiCall, ApiAnswer> handler) {}

  private final ApiKeyCheck keys;
  private final ConsoleSessions consoleSessions;
  private final List<Endpoint> endpoints;
  private final ExecutorService workers;

  /**
   * @param apiKey the key calls must send as {@code X-API-KEY}
   * @param keyHint where a client finds the key, for the error message
   * @param domain what sandbox hosts are under, {@code <port>-<id>.<domain>}: the {@code domain} of answers
   */
  public E2bApi(Sandboxes sandboxes, TemplateStore templates, String apiKey, String keyHint, String domain) {
    this(sandboxes, templates, apiKey, keyHint, domain, null);
  }

  /**
   * @param consoleSessions sign-ins of the web console, whose pages call this API with their session cookie in place
   *     of the key; null when there is no console
   */
  public E2bApi(Sandboxes sandboxes, TemplateStore templates, String apiKey, String keyHint, String domain,
                ConsoleSessions consoleSessions) {
    this.keys = new ApiKeyCheck(apiKey, keyHint);
    this.consoleSessions = consoleSessions;
    SandboxEndpoints s = new SandboxEndpoints(sandboxes, templates, new SandboxJson(domain));
    LogEndpoints logs = new LogEndpoints(sandboxes);
    this.endpoints = List.of(
        endpoint(HttpMethod.POST, "/sandboxes", s::create),
        endpoint(HttpMethod.POST, "/v2/sandboxes", s::create),
        endpoint(HttpMethod.GET, "/sandboxes", s::listV1),
        endpoint(HttpMethod.GET, "/v2/sandboxes", s::listV2),
        endpoint(HttpMethod.GET, "/sandboxes/" + ID, s::get),
        endpoint(HttpMethod.DELETE, "/sandboxes/" + ID, s::kill),
        endpoint(HttpMethod.POST, "/sandboxes/" + ID + "/connect", c -> s.connect(c, true)),
        endpoint(HttpMethod.POST, "/v2/sandboxes/" + ID + "/connect", c -> s.connect(c, false)),
        endpoint(HttpMethod.POST, "/sandboxes/" + ID + "/timeout", s::setTimeout),
        endpoint(HttpMethod.POST, "/sandboxes/" + ID + "/pause", s::pause),
        endpoint(HttpMethod.POST, "/sandboxes/" + ID + "/resume", s::resume),
        endpoint(HttpMethod.PUT, "/sandboxes/" + ID + "/network", s::updateNetwork),
        endpoint(HttpMethod.GET, "/sandboxes/" + ID + "/metrics", s::metrics),
        endpoint(HttpMethod.GET, "/sandboxes/" + ID + "/logs", logs::v1),
        endpoint(HttpMethod.GET, "/v2/sandboxes/" + ID + "/logs", logs::v2),
        endpoint(HttpMethod.GET, "/templates", call -> templates(templates, call)));
    AtomicInteger threads = new AtomicInteger();
    this.workers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "soulbox-e2b-api-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Adds the API to the web port's routes: every path under {@code /sandboxes}, {@code /v2/sandboxes}, {@code /templates}. */
  @Override
  public void register(Routes routes) {
    routes.add(new Route(ROUTE, Set.of(), E2bApi::isApiPath, this::handle));
  }

  static boolean isApiPath(String path) {
    return path.equals("/sandboxes") || path.startsWith("/sandboxes/") || path.equals("/v2/sandboxes")
        || path.startsWith("/v2/sandboxes/") || path.equals("/templates") || path.startsWith("/templates/");
  }

  private void handle(HttpExchange exchange) {
    byte[] body = ByteBufUtil.getBytes(exchange.request().content());
    String apiKey = exchange.request().headers().get("x-api-key");
    boolean signedIn = apiKey == null && consoleSessions != null && consoleSessions.admits(exchange.request());
    HttpMethod method = exchange.request().method();
    String path = exchange.path();
    Map<String, List<String>> parameters = new QueryStringDecoder(exchange.request().uri()).parameters();
    exchange.request().retain();
    try {
      workers.execute(() -> {
        try {
          exchange.respond(answer(method, path, parameters, body, apiKey, signedIn).toResponse());
        } finally {
          exchange.request().release();
        }
      });
    } catch (RejectedExecutionException e) {
      exchange.request().release();
      exchange.respond(ApiErrors.of(HttpResponseStatus.SERVICE_UNAVAILABLE, "the orchestrator is stopping").toResponse());
    }
  }

  /**
   * The answer to one call: 401 before anything else, then 501 for a path that is not an endpoint here (E2B has more,
   * and a 404 would read as "sandbox not found" to its SDK) and 405 for a method the path does not take.
   */
  ApiAnswer answer(HttpMethod method, String path, Map<String, List<String>> parameters, byte[] body, String apiKey) {
    return answer(method, path, parameters, body, apiKey, false);
  }

  /** @param signedIn whether the call carries a console session, which stands for the key */
  private ApiAnswer answer(HttpMethod method, String path, Map<String, List<String>> parameters, byte[] body,
                           String apiKey, boolean signedIn) {
    try {
      if (!signedIn) {
        keys.check(apiKey);
      }
      HttpMethod asked = method.equals(HttpMethod.HEAD) ? HttpMethod.GET : method;
      List<Endpoint> onPath = endpoints.stream().filter(e -> e.path().matcher(path).matches()).toList();
      if (onPath.isEmpty()) {
        return ApiErrors.of(HttpResponseStatus.NOT_IMPLEMENTED, "SoulBox does not serve " + method + " " + path
            + " of E2B's API");
      }
      for (Endpoint e : onPath) {
        if (e.method().equals(asked)) {
          Matcher m = e.path().matcher(path);
          m.matches();
          String id = m.groupCount() > 0 ? QueryStringDecoder.decodeComponent(m.group(1)) : null;
          return e.handler().apply(new ApiCall(id, parameters, body));
        }
      }
      String allowed = onPath.stream().map(e -> e.method().name()).distinct().collect(Collectors.joining(", "));
      return ApiErrors.of(HttpResponseStatus.METHOD_NOT_ALLOWED, method + " is not allowed on " + path
          + " (allowed: " + allowed + ")").withHeader("Allow", allowed);
    } catch (RuntimeException e) {
      return ApiErrors.toAnswer(e);
    }
  }

  private static ApiAnswer templates(TemplateStore templates, ApiCall call) {
    SandboxEndpoints.noQuery(call);
    JsonArray list = new JsonArray();
    templates.list().forEach(t -> list.add(SandboxJson.template(t)));
    return ApiAnswer.json(HttpResponseStatus.OK, list);
  }

  private static Endpoint endpoint(HttpMethod method, String path, Function<ApiCall, ApiAnswer> handler) {
    return new Endpoint(method, Pattern.compile(path), handler);
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
