package dev.soulbox.orchestrator.console;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.orchestrator.http.ClasspathFiles;
import dev.soulbox.orchestrator.http.HttpExchange;
import dev.soulbox.orchestrator.http.Responses;
import dev.soulbox.orchestrator.http.Route;
import dev.soulbox.orchestrator.http.Routes;
import dev.soulbox.orchestrator.http.WebFeature;
import dev.soulbox.orchestrator.lifecycle.Sandboxes;
import dev.soulbox.orchestrator.proxy.AgentCalls;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.webauth.ConsoleSessions;
import dev.soulbox.orchestrator.webauth.SandboxTokens;
import dev.soulbox.orchestrator.webauth.WebCredentials;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web console: its pages ({@code /}, and per sandbox {@code /sandboxes/<id>/terminal}, {@code logs},
 * {@code desktop}, {@code files}), their files under {@code /console/}, and the little they need beside E2B's REST API
 * (which they call with the session cookie): signing in and out at {@code /console/api/session}, a short-lived
 * token for one sandbox's WebSockets, the desktop's VNC route. Pages go with a strict Content-Security-Policy: only
 * this server's scripts, connections and frames ({@code 'wasm-unsafe-eval'} lets the asciicast player compile its
 * WebAssembly terminal, and allows no JavaScript eval).
 */
public final class Console implements WebFeature {
  static final String ROUTE = "console";
  static final String FILES = "/console/";
  static final String API = "/console/api/";
  static final String CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
      + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; "
      + "object-src 'none'; base-uri 'none'; form-action 'self'";
  private static final Pattern PAGE = Pattern.compile("/sandboxes/([^/]+)/(terminal|logs|desktop|files)");
  private static final Pattern SANDBOX_CALL = Pattern.compile("/console/api/sandboxes/([^/]+)/([a-z-]+)");
  /** The calls on one sandbox, by name, with the method each takes. */
  private static final Map<String, HttpMethod> SANDBOX_CALLS = Map.of("token", HttpMethod.POST,
      "desktop", HttpMethod.GET, "files", HttpMethod.GET, "file-url", HttpMethod.POST);
  private static final Set<HttpMethod> SESSION_METHODS = Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE);

  private final Sandboxes sandboxes;
  private final WebCredentials credentials;
  private final ConsoleSessions sessions;
  private final SandboxFiles sandboxFiles;
  private final ClasspathFiles files = new ClasspathFiles(FILES, List.of("static/console/"), Map.of(
      "Content-Security-Policy", CSP, "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer"));

  public Console(Sandboxes sandboxes, AgentCalls agents, WebCredentials credentials, ConsoleSessions sessions,
                 Clock clock) {
    this.sandboxes = sandboxes;
    this.credentials = credentials;
    this.sessions = sessions;
    this.sandboxFiles = new SandboxFiles(agents, clock);
  }

  /** Registered before E2B's API: a browser opening {@code /sandboxes/<id>/logs} gets the page, a client the log. */
  @Override
  public void register(Routes routes) {
    routes.add(Route.get(ROUTE, "/", e -> files.serve(e, "index.html")))
        .add(new Route(ROUTE, Set.of(HttpMethod.GET), p -> PAGE.matcher(p).matches(), Console::isPageVisit,
            this::page))
        .add(new Route(ROUTE, Set.of(), (API + "session")::equals, this::session))
        .add(new Route(ROUTE, Set.of(), Console::isSandboxCall, this::sandboxCall))
        .add(new Route(ROUTE, Set.of(), p -> p.startsWith(API), e -> e.respond(
            error(HttpResponseStatus.NOT_FOUND, "the console has no " + e.request().method() + " " + e.path()))))
        .add(Route.getUnder(ROUTE, FILES, files::serve));
  }

  private static boolean isSandboxCall(String path) {
    Matcher m = SANDBOX_CALL.matcher(path);
    return m.matches() && SANDBOX_CALLS.containsKey(m.group(2));
  }

  /** A browser navigating, as opposed to an API client asking for JSON on the same path. */
  static boolean isPageVisit(HttpRequest request) {
    String accept = request.headers().get(HttpHeaderNames.ACCEPT);
    return accept != null && accept.contains("text/html") && !request.headers().contains("x-api-key");
  }

  private void page(HttpExchange exchange) {
    Matcher m = PAGE.matcher(exchange.path());
    m.matches();
    files.serve(exchange, m.group(2) + ".html");
  }

  private void session(HttpExchange exchange) {
    HttpRequest request = exchange.request();
    boolean secure = exchange.channel().pipeline().get(SslHandler.class) != null;
    if (!SESSION_METHODS.contains(request.method())) {
      exchange.respond(methodRefused(request.method(), "GET, POST, DELETE"));
    } else if (!ConsoleSessions.sameOrigin(request)) {
      exchange.respond(error(HttpResponseStatus.FORBIDDEN, "sign in from this server's own console page"));
    } else if (request.method().equals(HttpMethod.GET)) {
      exchange.respond(sessions.admits(request) ? json(HttpResponseStatus.OK, signedIn())
          : error(HttpResponseStatus.UNAUTHORIZED, "not signed in: POST {\"apiKey\": …} to " + API + "session"));
    } else if (request.method().equals(HttpMethod.DELETE)) {
      FullHttpResponse response = Responses.of(HttpResponseStatus.NO_CONTENT, "application/json", new byte[0]);
      response.headers().set(HttpHeaderNames.SET_COOKIE, sessions.end(request, secure));
      exchange.respond(response);
    } else {
      String key = stringField(exchange, "apiKey");
      if (key == null) {
        exchange.respond(error(HttpResponseStatus.BAD_REQUEST, "send {\"apiKey\": \"…\"}, the orchestrator's API key"));
      } else if (!credentials.isApiKey(key)) {
        exchange.respond(error(HttpResponseStatus.UNAUTHORIZED, "that is not this orchestrator's API key"));
      } else {
        FullHttpResponse response = json(HttpResponseStatus.OK, signedIn());
        response.headers().set(HttpHeaderNames.SET_COOKIE, sessions.open(secure));
        exchange.respond(response);
      }
    }
  }

  /**
   * {@code POST …/<id>/token}: a token for the sandbox's WebSockets; {@code GET …/<id>/desktop}: its VNC route;
   * {@code GET …/<id>/files?path=}: a directory's entries; {@code POST …/<id>/file-url}: a URL to read or write a file.
   */
  private void sandboxCall(HttpExchange exchange) {
    if (!sessions.admits(exchange.request())) {
      exchange.respond(error(HttpResponseStatus.UNAUTHORIZED, "sign in first: POST your API key to " + API + "session"));
      return;
    }
    Matcher m = SANDBOX_CALL.matcher(exchange.path());
    m.matches();
    String id = m.group(1);
    String call = m.group(2);
    HttpMethod expected = SANDBOX_CALLS.get(call);
    if (!exchange.request().method().equals(expected)) {
      exchange.respond(methodRefused(exchange.request().method(), expected.name()));
      return;
    }
    SandboxInstance sandbox;
    try {
      sandbox = sandboxes.get(id);
    } catch (NotFoundException e) {
      exchange.respond(error(HttpResponseStatus.NOT_FOUND, "no sandbox " + id + ": it ended or never was"));
      return;
    }
    JsonObject answer = switch (call) {
      case "token" -> token(id);
      case "desktop" -> desktop(exchange, sandbox);
      case "files" -> {
        sandboxFiles.list(exchange, sandbox);
        yield null;
      }
      default -> sandboxFiles.url(exchange, sandbox, stringField(exchange, "path"),
          stringField(exchange, "operation"));
    };
    if (answer != null) {
      exchange.respond(json(HttpResponseStatus.OK, answer));
    }
  }

  private static FullHttpResponse methodRefused(HttpMethod method, String allowed) {
    FullHttpResponse refused = error(HttpResponseStatus.METHOD_NOT_ALLOWED, method + " is not allowed here; use "
        + allowed);
    refused.headers().set(HttpHeaderNames.ALLOW, allowed);
    return refused;
  }

  private JsonObject token(String id) {
    SandboxTokens.Issued issued = credentials.tokens().issue(id, SandboxTokens.DEFAULT_TTL);
    JsonObject answer = new JsonObject();
    answer.addProperty("sandboxId", id);
    answer.addProperty("token", issued.token());
    answer.addProperty("expiresAt", issued.expiresAt().toString());
    return answer;
  }

  /** The desktop's VNC route, or null after answering 404 for a sandbox without one. */
  private JsonObject desktop(HttpExchange exchange, SandboxInstance sandbox) {
    String vnc = sandboxes.vncToken(sandbox).orElse(null);
    if (vnc == null) {
      exchange.respond(error(HttpResponseStatus.NOT_FOUND, "sandbox " + sandbox.sandboxId() + " has no desktop: its "
          + "template " + sandbox.template() + " runs no VNC server; create one from the desktop template"));
      return null;
    }
    JsonObject answer = new JsonObject();
    answer.addProperty("sandboxId", sandbox.sandboxId());
    answer.addProperty("vncToken", vnc);
    return answer;
  }

  /** The string field of a JSON object body, or null when the body is not such an object. */
  private static String stringField(HttpExchange exchange, String field) {
    try {
      JsonElement body = JsonParser.parseString(exchange.request().content().toString(StandardCharsets.UTF_8));
      JsonElement value = body.isJsonObject() ? body.getAsJsonObject().get(field) : null;
      return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
          ? value.getAsString() : null;
    } catch (JsonParseException | IllegalStateException e) {
      return null;
    }
  }

  private static JsonObject signedIn() {
    JsonObject o = new JsonObject();
    o.addProperty("signedIn", true);
    return o;
  }

  static FullHttpResponse json(HttpResponseStatus status, JsonObject body) {
    return Responses.of(status, "application/json", (body + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static FullHttpResponse error(HttpResponseStatus status, String message) {
    return Responses.json(status, message);
  }
}
