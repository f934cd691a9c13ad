package dev.soulbox.orchestrator.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.soulbox.auth.FileUrlSignature;
import dev.soulbox.orchestrator.WebPort;
import dev.soulbox.orchestrator.e2b.E2bApi;
import dev.soulbox.orchestrator.http.HttpGateway;
import dev.soulbox.orchestrator.http.HttpGatewayOptions;
import dev.soulbox.orchestrator.http.MapSandboxDirectory;
import dev.soulbox.orchestrator.http.RawHttpClient;
import dev.soulbox.orchestrator.lifecycle.FakeRuntime;
import dev.soulbox.orchestrator.lifecycle.FakeTemplates;
import dev.soulbox.orchestrator.lifecycle.SandboxRequest;
import dev.soulbox.orchestrator.lifecycle.SandboxSettings;
import dev.soulbox.orchestrator.lifecycle.Sandboxes;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.proxy.AgentCalls;
import dev.soulbox.orchestrator.proxy.AgentChannels;
import dev.soulbox.orchestrator.runtime.ResourceLimits;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxPorts;
import dev.soulbox.orchestrator.webauth.ConsoleSessions;
import dev.soulbox.orchestrator.webauth.SandboxTokens;
import dev.soulbox.orchestrator.webauth.WebCredentials;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console through the real gateway, with the E2B API beside it as the server runs them. */
class ConsoleTest {
  private static final String KEY = "e2b_0123456789abcdef0123456789abcdef";
  private static final String HOST = "127.0.0.1:7080";
  private static final String ORIGIN = "http://" + HOST;
  private static final String FOREIGN = "http://evil.example";
  private static final String MISSING = "abcdefghij0123456789";
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  private final FakeRuntime runtime = new FakeRuntime();
  private final Sandboxes sandboxes = new Sandboxes(runtime, new FakeTemplates(),
      SandboxSettings.defaults(FakeRuntime.alwaysReady()).withMaxSandboxes(10), id -> "vnc-" + id, new Metrics());
  private final Clock clock = Clock.fixed(NOW, java.time.ZoneOffset.UTC);
  private final WebCredentials credentials = new WebCredentials(KEY, "a hint", new SandboxTokens("secret", clock));
  private final ConsoleSessions sessions = new ConsoleSessions(Clock.systemUTC());
  private final AgentChannels channels = new AgentChannels();
  private E2bApi api;
  private HttpGateway gateway;

  @BeforeEach
  void start() throws Exception {
    Console console = new Console(sandboxes, new AgentCalls(sandboxes, channels), credentials, sessions, clock);
    api = new E2bApi(sandboxes, new FakeTemplates(), KEY, "a hint", "localhost:7080", sessions);
    gateway = WebPort.create("127.0.0.1", 0, new MapSandboxDirectory(), new Metrics(), HttpGatewayOptions.defaults(),
        "localhost:7080", List.of(console, api)).start();
  }

  @AfterEach
  void stop() {
    gateway.close();
    api.close();
    channels.close();
  }

  @Test
  void root_servesTheConsolePageUnderItsPolicy() throws Exception {
    RawHttpClient.Response response = send("GET", "/", Map.of(), null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("content-type")).startsWith("text/html");
    assertThat(response.body()).containsIgnoringCase("<html");
    assertThat(response.header("content-security-policy")).isEqualTo(Console.CSP)
        .contains("script-src 'self'", "frame-ancestors 'self'");
    assertThat(response.header("x-content-type-options")).isEqualTo("nosniff");
    assertThat(response.header("referrer-policy")).isEqualTo("no-referrer");
  }

  @Test
  void consoleFiles_areServedUnderThePolicy_andOnlyFilesThatExist() throws Exception {
    RawHttpClient.Response script = send("GET", "/console/index.js", Map.of(), null);
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.header("content-type")).startsWith("application/javascript");
    assertThat(script.header("content-security-policy")).isEqualTo(Console.CSP);

    assertThat(send("GET", "/console/nothing.js", Map.of(), null).status()).isEqualTo(404);
    RawHttpClient.Response escape = send("GET", "/console/../index.html", Map.of(), null);
    assertThat(escape.status()).isEqualTo(404);
    assertThat(escape.header("content-security-policy")).isNull();
  }

  @Test
  void pages_goToBrowsers_andTheSamePathsToApiClientsStayTheApis() throws Exception {
    String id = sandboxes.create(SandboxRequest.of("base")).sandboxId();
    for (String page : new String[] {"terminal", "logs", "desktop", "files"}) {
      RawHttpClient.Response html = send("GET", "/sandboxes/" + id + "/" + page,
          Map.of("Accept", "text/html,application/xhtml+xml"), null);
      assertThat(html.status()).as(page).isEqualTo(200);
      assertThat(html.header("content-type")).as(page).startsWith("text/html");
      assertThat(html.header("content-security-policy")).as(page).isEqualTo(Console.CSP);
    }

    RawHttpClient.Response client = send("GET", "/sandboxes/" + MISSING + "/logs",
        Map.of("Accept", "text/html", "X-API-Key", KEY), null);
    assertThat(client.status()).isEqualTo(404);
    assertThat(client.header("content-type")).isEqualTo("application/json");
    assertThat(client.header("content-security-policy")).isNull();

    RawHttpClient.Response json = send("GET", "/sandboxes/" + id + "/logs",
        Map.of("Accept", "application/json", "X-API-Key", KEY), null);
    assertThat(json.status()).isEqualTo(200);
    assertThat(json.header("content-type")).isEqualTo("application/json");
    assertThat(json.header("content-security-policy")).isNull();

    RawHttpClient.Response noAccept = send("GET", "/sandboxes/" + id + "/terminal", Map.of(), null);
    assertThat(noAccept.header("content-type")).doesNotStartWith("text/html");
  }

  @Test
  void signIn_withTheKey_opensASession() throws Exception {
    RawHttpClient.Response response = send("POST", "/console/api/session", Map.of("Origin", ORIGIN),
        "{\"apiKey\":\"" + KEY + "\"}");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(json(response).get("signedIn").getAsBoolean()).isTrue();
    assertThat(response.header("set-cookie")).startsWith(ConsoleSessions.COOKIE + "=")
        .contains("HTTPOnly", "SameSite=Strict", "Path=/").doesNotContain("Secure");
    assertThat(sessions.size()).isEqualTo(1);
  }

  @Test
  void signIn_withoutOrigin_isAllowedForAClientHoldingTheKey() throws Exception {
    RawHttpClient.Response response = send("POST", "/console/api/session", Map.of(), "{\"apiKey\":\"" + KEY + "\"}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("set-cookie")).startsWith(ConsoleSessions.COOKIE + "=");
  }

  @Test
  void signIn_withAWrongKey_is401() throws Exception {
    RawHttpClient.Response response = send("POST", "/console/api/session", Map.of("Origin", ORIGIN),
        "{\"apiKey\":\"e2b_0000\"}");

    assertError(response, 401, "not this orchestrator's API key");
    assertThat(response.header("set-cookie")).isNull();
    assertThat(sessions.size()).isZero();
  }

  @Test
  void signIn_withoutAKeyInTheBody_is400() throws Exception {
    for (String body : new String[] {"", "not json", "{", "[]", "\"" + KEY + "\"", "{}", "{\"apiKey\":5}",
        "{\"apiKey\":null}", "{\"key\":\"" + KEY + "\"}"}) {
      RawHttpClient.Response response = send("POST", "/console/api/session", Map.of("Origin", ORIGIN), body);
      assertError(response, 400, "send {\"apiKey\"");
      assertThat(response.header("set-cookie")).as(body).isNull();
    }
    assertThat(sessions.size()).isZero();
  }

  @Test
  void signIn_fromAnotherOrigin_is403_evenWithTheKey() throws Exception {
    RawHttpClient.Response response = send("POST", "/console/api/session", Map.of("Origin", FOREIGN),
        "{\"apiKey\":\"" + KEY + "\"}");

    assertError(response, 403, "this server's own console page");
    assertThat(response.header("set-cookie")).isNull();
    assertThat(sessions.size()).isZero();
  }

  @Test
  void sessionCheck_needsTheCookie() throws Exception {
    assertError(send("GET", "/console/api/session", Map.of(), null), 401, "not signed in");
    assertError(send("GET", "/console/api/session", Map.of("Cookie", ConsoleSessions.COOKIE + "=made-up"), null),
        401, "not signed in");

    String cookie = signIn();
    RawHttpClient.Response response = send("GET", "/console/api/session", Map.of("Cookie", cookie), null);
    assertThat(response.status()).isEqualTo(200);
    assertThat(json(response).get("signedIn").getAsBoolean()).isTrue();

    assertError(send("GET", "/console/api/session", Map.of("Cookie", cookie, "Origin", FOREIGN), null), 403,
        "own console page");
  }

  @Test
  void signOut_endsTheSession() throws Exception {
    String cookie = signIn();
    String token = "/console/api/sandboxes/" + sandboxes.create(SandboxRequest.of("base")).sandboxId() + "/token";
    assertThat(send("POST", token, Map.of("Cookie", cookie, "Origin", ORIGIN), "").status()).isEqualTo(200);

    RawHttpClient.Response out = send("DELETE", "/console/api/session", Map.of("Cookie", cookie, "Origin", ORIGIN),
        null);

    assertThat(out.status()).isEqualTo(204);
    assertThat(out.header("set-cookie")).startsWith(ConsoleSessions.COOKIE + "=;").contains("Max-Age=0");
    assertThat(sessions.size()).isZero();
    assertError(send("GET", "/console/api/session", Map.of("Cookie", cookie), null), 401, "not signed in");
    assertError(send("POST", token, Map.of("Cookie", cookie, "Origin", ORIGIN), ""), 401, "sign in first");
  }

  @Test
  void signOut_fromAnotherOrigin_keepsTheSession() throws Exception {
    String cookie = signIn();

    assertError(send("DELETE", "/console/api/session", Map.of("Cookie", cookie, "Origin", FOREIGN), null), 403,
        "own console page");
    assertThat(send("GET", "/console/api/session", Map.of("Cookie", cookie), null).status()).isEqualTo(200);
  }

  @Test
  void sessionPath_withOtherMethods_is405_andOpensNoSession() throws Exception {
    for (String method : new String[] {"PUT", "PATCH"}) {
      RawHttpClient.Response response = send(method, "/console/api/session", Map.of("Origin", ORIGIN),
          "{\"apiKey\":\"" + KEY + "\"}");
      assertMethodRefused(response, method, "GET, POST, DELETE");
      assertThat(response.header("set-cookie")).as(method).isNull();
    }
    assertThat(sessions.size()).isZero();
  }

  @Test
  void sandboxCalls_needASession() throws Exception {
    String id = sandboxes.create(SandboxRequest.of("base")).sandboxId();
    String base = "/console/api/sandboxes/" + id;

    assertError(send("POST", base + "/token", Map.of("Origin", ORIGIN), ""), 401, "sign in first");
    assertError(send("GET", base + "/desktop", Map.of(), null), 401, "sign in first");
    assertError(send("GET", base + "/files?path=/", Map.of(), null), 401, "sign in first");
    assertError(send("POST", base + "/file-url", Map.of("Origin", ORIGIN), "{\"path\":\"/a\",\"operation\":\"read\"}"),
        401, "sign in first");
    assertError(send("POST", base + "/token", Map.of("Cookie", ConsoleSessions.COOKIE + "=made-up",
        "Origin", ORIGIN), ""), 401, "sign in first");
    // the API key is not a session
    assertError(send("POST", base + "/token", Map.of("X-API-Key", KEY, "Origin", ORIGIN), ""), 401, "sign in first");
  }

  @Test
  void sandboxCalls_fromAnotherOrigin_areRefused() throws Exception {
    String cookie = signIn();
    String id = sandboxes.create(SandboxRequest.of("base")).sandboxId();

    RawHttpClient.Response token = send("POST", "/console/api/sandboxes/" + id + "/token",
        Map.of("Cookie", cookie, "Origin", FOREIGN), "");
    assertError(token, 401, "sign in first");
    assertThat(token.body()).doesNotContain("sbt.");
    assertError(send("POST", "/console/api/sandboxes/" + id + "/file-url", Map.of("Cookie", cookie,
        "Origin", "http://8080-" + id + ".localhost:7080"), "{\"path\":\"/a\",\"operation\":\"read\"}"), 401,
        "sign in first");
    // the session itself lives on
    assertThat(send("POST", "/console/api/sandboxes/" + id + "/token", Map.of("Cookie", cookie, "Origin", ORIGIN), "")
        .status()).isEqualTo(200);
  }

  @Test
  void sandboxCalls_onAnUnknownSandbox_are404() throws Exception {
    String cookie = signIn();
    String base = "/console/api/sandboxes/" + MISSING;

    assertError(send("POST", base + "/token", Map.of("Cookie", cookie, "Origin", ORIGIN), ""), 404,
        "no sandbox " + MISSING + ": it ended or never was");
    assertError(send("GET", base + "/desktop", Map.of("Cookie", cookie), null), 404, "no sandbox " + MISSING);
    assertError(send("GET", base + "/files", Map.of("Cookie", cookie), null), 404, "no sandbox " + MISSING);
    assertError(send("POST", base + "/file-url", Map.of("Cookie", cookie, "Origin", ORIGIN),
        "{\"path\":\"/a\",\"operation\":\"read\"}"), 404, "no sandbox " + MISSING);
  }

  @Test
  void sandboxCalls_withTheWrongMethod_are405() throws Exception {
    String cookie = signIn();
    String base = "/console/api/sandboxes/" + sandboxes.create(SandboxRequest.of("base")).sandboxId();

    assertMethodRefused(send("GET", base + "/token", Map.of("Cookie", cookie), null), "GET", "POST");
    assertMethodRefused(send("GET", base + "/file-url", Map.of("Cookie", cookie), null), "GET", "POST");
    assertMethodRefused(send("POST", base + "/desktop", Map.of("Cookie", cookie, "Origin", ORIGIN), ""), "POST", "GET");
    assertMethodRefused(send("POST", base + "/files", Map.of("Cookie", cookie, "Origin", ORIGIN), ""), "POST", "GET");
    assertMethodRefused(send("PUT", base + "/token", Map.of("Cookie", cookie, "Origin", ORIGIN), ""), "PUT", "POST");
    assertMethodRefused(send("DELETE", base + "/files", Map.of("Cookie", cookie, "Origin", ORIGIN), null), "DELETE",
        "GET");
  }

  @Test
  void token_opensThatSandboxOnly() throws Exception {
    String cookie = signIn();
    String id = sandboxes.create(SandboxRequest.of("base")).sandboxId();

    RawHttpClient.Response response = send("POST", "/console/api/sandboxes/" + id + "/token",
        Map.of("Cookie", cookie, "Origin", ORIGIN), "");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonObject body = json(response);
    assertThat(body.get("sandboxId").getAsString()).isEqualTo(id);
    String token = body.get("token").getAsString();
    assertThat(token).startsWith(SandboxTokens.PREFIX);
    assertThat(credentials.tokens().sandboxOf(token)).isEqualTo(id);
    assertThat(credentials.accessOf(token).allows(id)).isTrue();
    assertThat(credentials.accessOf(token).allows(MISSING)).isFalse();
    assertThat(Instant.parse(body.get("expiresAt").getAsString())).isEqualTo(NOW.plus(SandboxTokens.DEFAULT_TTL));
  }

  @Test
  void desktop_ofASandboxWithoutVnc_is404() throws Exception {
    String cookie = signIn();
    String id = sandboxes.create(SandboxRequest.of("base")).sandboxId();

    assertError(send("GET", "/console/api/sandboxes/" + id + "/desktop", Map.of("Cookie", cookie), null), 404,
        "sandbox " + id + " has no desktop");
  }

  @Test
  void desktop_ofAVncSandbox_isItsRoute() throws Exception {
    String cookie = signIn();
    String id = sandboxes.create(new SandboxRequest("desktop", Duration.ZERO, Map.of(), Map.of(), true,
        ResourceLimits.UNSET)).sandboxId();

    RawHttpClient.Response response = send("GET", "/console/api/sandboxes/" + id + "/desktop",
        Map.of("Cookie", cookie), null);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(json(response).get("sandboxId").getAsString()).isEqualTo(id);
    assertThat(json(response).get("vncToken").getAsString()).isEqualTo("vnc-" + id);
  }

  @Test
  void fileUrl_refusesBodiesWithoutAnAbsolutePathOrAKnownOperation() throws Exception {
    String cookie = signIn();
    String url = "/console/api/sandboxes/" + sandboxes.create(SandboxRequest.of("base")).sandboxId() + "/file-url";
    Map<String, String> headers = Map.of("Cookie", cookie, "Origin", ORIGIN);

    for (String body : new String[] {"", "nope", "{\"operation\":\"read\"}", "{\"path\":\"\",\"operation\":\"read\"}",
        "{\"path\":\"  \",\"operation\":\"read\"}", "{\"path\":\"etc/passwd\",\"operation\":\"read\"}",
        "{\"path\":7,\"operation\":\"read\"}"}) {
      assertError(send("POST", url, headers, body), 400, "\"path\": \"/absolute/path\"");
    }
    for (String body : new String[] {"{\"path\":\"/etc/passwd\"}", "{\"path\":\"/etc/passwd\",\"operation\":\"delete\"}",
        "{\"path\":\"/etc/passwd\",\"operation\":\"READ\"}", "{\"path\":\"/etc/passwd\",\"operation\":1}"}) {
      assertError(send("POST", url, headers, body), 400, "operation must be \"read\"");
    }
  }

  @Test
  void fileUrl_isSignedWithTheSandboxsToken() throws Exception {
    String cookie = signIn();
    SandboxInstance sandbox = sandboxes.create(SandboxRequest.of("base"));

    RawHttpClient.Response response = send("POST", "/console/api/sandboxes/" + sandbox.sandboxId() + "/file-url",
        Map.of("Cookie", cookie, "Origin", ORIGIN), "{\"path\":\"/home/user/a b.txt\",\"operation\":\"write\"}");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonObject body = json(response);
    assertThat(body.get("method").getAsString()).isEqualTo("POST");
    Instant expires = NOW.plus(SandboxFiles.URL_TTL);
    assertThat(Instant.parse(body.get("expiresAt").getAsString())).isEqualTo(expires);
    JsonObject headers = body.getAsJsonObject("headers");
    assertThat(headers.get("E2b-Sandbox-Id").getAsString()).isEqualTo(sandbox.sandboxId());
    assertThat(headers.get("E2b-Sandbox-Port").getAsString()).isEqualTo(Integer.toString(SandboxPorts.AGENT));

    QueryStringDecoder url = new QueryStringDecoder(body.get("url").getAsString());
    assertThat(url.path()).isEqualTo("/files");
    assertThat(url.parameters().get("path")).containsExactly("/home/user/a b.txt");
    String expiration = Long.toString(expires.getEpochSecond());
    assertThat(url.parameters().get("signature_expiration")).containsExactly(expiration);
    assertThat(url.parameters().get("signature")).containsExactly(FileUrlSignature.sign("/home/user/a b.txt",
        FileUrlSignature.WRITE, "", sandboxes.get(sandbox.sandboxId()).accessToken(), expiration));
  }

  @Test
  void otherConsoleApiPaths_are404Json() throws Exception {
    String cookie = signIn();

    assertError(send("GET", "/console/api/whatever", Map.of("Cookie", cookie), null), 404,
        "the console has no GET /console/api/whatever");
    assertError(send("POST", "/console/api/sandboxes/" + MISSING + "/delete", Map.of("Cookie", cookie,
        "Origin", ORIGIN), ""), 404, "the console has no POST");
    assertError(send("GET", "/console/api/", Map.of(), null), 404, "the console has no GET /console/api/");
  }

  private String signIn() throws Exception {
    RawHttpClient.Response response = send("POST", "/console/api/session", Map.of("Origin", ORIGIN),
        "{\"apiKey\":\"" + KEY + "\"}");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.header("set-cookie").split(";")[0];
  }

  private RawHttpClient.Response send(String method, String path, Map<String, String> headers, String body)
      throws Exception {
    StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\n");
    headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      request.append("Content-Type: application/json\r\n");
    }
    request.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      raw.output().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      raw.output().write(bytes);
      raw.output().flush();
      return raw.read();
    }
  }

  private static JsonObject json(RawHttpClient.Response response) {
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  private static void assertError(RawHttpClient.Response response, int status, String message) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.header("content-type")).isEqualTo("application/json");
    JsonObject body = json(response);
    assertThat(body.get("code").getAsInt()).isEqualTo(status);
    assertThat(body.get("message").getAsString()).contains(message);
  }

  private static void assertMethodRefused(RawHttpClient.Response response, String method, String allowed) {
    assertError(response, 405, method + " is not allowed here; use " + allowed);
    assertThat(response.header("allow")).isEqualTo(allowed);
  }
}
