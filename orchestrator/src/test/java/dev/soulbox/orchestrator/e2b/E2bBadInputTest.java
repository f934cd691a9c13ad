package dev.soulbox.orchestrator.e2b;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.soulbox.orchestrator.WebPort;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad requests through the real gateway: each gets a clear status and {@code {code, message}}, and creates nothing. */
class E2bBadInputTest {
  private static final String KEY = E2bApiTest.KEY;

  private final FakeRuntime runtime = new FakeRuntime();
  private final Sandboxes sandboxes = new Sandboxes(runtime, new FakeTemplates(),
      SandboxSettings.defaults(FakeRuntime.alwaysReady()).withMaxSandboxes(10), id -> "vnc-" + id, new Metrics());
  private E2bApi api;
  private HttpGateway gateway;

  @BeforeEach
  void start() throws Exception {
    api = new E2bApi(sandboxes, new FakeTemplates(), KEY, null, "localhost:7080");
    gateway = WebPort.create("127.0.0.1", 0, new MapSandboxDirectory(), new Metrics(), HttpGatewayOptions.defaults(),
        "localhost:7080", List.of(api)).start();
  }

  @AfterEach
  void stop() {
    gateway.close();
    api.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "malformed JSON       | {\"templateID\":             | 400 | not valid JSON",
      "trailing garbage     | {\"templateID\":\"base\"} x  | 400 | not valid JSON",
      "not an object        | [1,2]                        | 400 | must be a JSON object",
      "empty body           | ``                           | 400 | empty",
      "no template          | {\"timeout\":30}             | 400 | templateID is required",
      "template of a number | {\"templateID\":7}           | 400 | templateID must be a string",
      "unknown template     | {\"templateID\":\"nope\"}    | 404 | template nope does not exist",
      "timeout as string    | {\"templateID\":\"base\",\"timeout\":\"30\"} | 400 | timeout must be an integer",
      "fractional timeout   | {\"templateID\":\"base\",\"timeout\":1.5}    | 400 | timeout must be an integer",
      "zero timeout         | {\"templateID\":\"base\",\"timeout\":0}      | 400 | timeout must be between 1",
      "timeout too long     | {\"templateID\":\"base\",\"timeout\":90000}  | 400 | above this server's limit",
      "metadata of numbers  | {\"templateID\":\"base\",\"metadata\":{\"k\":1}} | 400 | metadata.k must be a string",
      "bad env name         | {\"templateID\":\"base\",\"envVars\":{\"1X\":\"v\"}} | 400 | 1X",
      "secure false         | {\"templateID\":\"base\",\"secure\":false}   | 400 | cannot honour secure: false",
      "auto pause           | {\"templateID\":\"base\",\"autoPause\":true} | 400 | cannot honour autoPause",
      "auto resume          | {\"templateID\":\"base\",\"autoResume\":{\"enabled\":true}} | 400 | autoResume.enabled",
      "volumes              | {\"templateID\":\"base\",\"volumeMounts\":[{\"name\":\"v\",\"path\":\"/m\"}]} | 400 | volumeMounts",
      "mcp                  | {\"templateID\":\"base\",\"mcp\":{\"x\":{}}} | 400 | mcp",
      "egress proxy         | {\"templateID\":\"base\",\"network\":{\"egressProxy\":{\"address\":\"p:1\"}}} | 400 | network.egressProxy",
      "private traffic      | {\"templateID\":\"base\",\"network\":{\"allowPublicTraffic\":false}} | 400 | allowPublicTraffic",
      "bad egress entry     | {\"templateID\":\"base\",\"network\":{\"allowOut\":[\"not a cidr!\"]}} | 400 | allow_out",
      "unknown field        | {\"templateID\":\"base\",\"cpuCount\":4}     | 400 | does not support the field cpuCount",
  })
  void create_refusesBadBodies(String name, String body, int status, String message) throws Exception {
    for (String path : new String[] {"/sandboxes", "/v2/sandboxes"}) {
      RawHttpClient.Response response = post(path, body == null ? "" : body, KEY);
      assertError(response, status, message);
    }
    assertThat(runtime.running).isEmpty();
    assertThat(sandboxes.list(Map.of(), Set.of())).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "GET    | /sandboxes/abcdefghij0123456789         | 404 | does not exist",
      "DELETE | /sandboxes/abcdefghij0123456789         | 404 | does not exist",
      "GET    | /sandboxes/abcdefghij0123456789/metrics | 404 | does not exist",
      "GET    | /sandboxes/abcdefghij0123456789/logs    | 404 | does not exist",
      "GET    | /v2/sandboxes/abcdefghij0123456789/logs | 404 | does not exist",
      "GET    | /v2/sandboxes?limit=0                   | 400 | limit must be an integer from 1 to 100",
      "GET    | /v2/sandboxes?limit=x                   | 400 | limit must be",
      "GET    | /v2/sandboxes?state=dead                | 400 | state may list running and paused",
      "GET    | /v2/sandboxes?nextToken=garbage         | 400 | nextToken",
      "GET    | /v2/sandboxes?order=sideways            | 400 | order must be asc or desc",
      "GET    | /v2/sandboxes?startedAfter=yesterday    | 400 | startedAfter",
      "GET    | /v2/sandboxes?teamID=t                  | 400 | does not support the query parameter teamID",
      "GET    | /v2/sandboxes?metadata=%3Dv             | 400 | empty key",
      "PUT    | /sandboxes                              | 405 | PUT is not allowed",
      "GET    | /templates/base/nothing                 | 501 | SoulBox does not serve GET /templates/base/nothing",
      "GET    | /sandboxes/../etc/passwd                | 501 | SoulBox does not serve",
  })
  void otherEndpoints_refuseBadRequests(String method, String path, int status, String message) throws Exception {
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      RawHttpClient.Response response = raw.send(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-KEY: " + KEY
          + "\r\nContent-Length: 0\r\n\r\n");
      assertError(response, status, message == null ? "" : message);
    }
  }

  @Test
  void bodiesOfExistingSandboxes_areCheckedBeforeAnythingChanges() throws Exception {
    String id = sandboxes.create(SandboxRequest.of("base")).sandboxId();
    var endBefore = sandboxes.get(id).endAt();
    assertError(post("/sandboxes/" + id + "/timeout", "{\"timeout\":-5}", KEY), 400, "timeout must be between 1");
    assertError(post("/sandboxes/" + id + "/timeout", "{}", KEY), 400, "timeout is required");
    assertError(post("/sandboxes/" + id + "/timeout", "{\"timeout\":5,\"x\":1}", KEY), 400, "field x");
    assertError(post("/sandboxes/" + id + "/pause", "{\"memory\":false}", KEY), 400, "memory: false");
    assertError(post("/sandboxes/" + id + "/pause", "nope", KEY), 400, "not valid JSON");
    assertError(post("/sandboxes/" + id + "/resume", "{\"autoPause\":true}", KEY), 400, "autoPause");
    assertError(post("/sandboxes/" + id + "/connect", "{\"timeout\":\"soon\"}", KEY), 400, "timeout must be an integer");
    assertThat(sandboxes.get(id).endAt()).isEqualTo(endBefore);
    assertThat(sandboxes.get(id).state().name()).isEqualTo("RUNNING");
  }

  @Test
  void wrongOrMissingKey_is401_andCreatesNothing() throws Exception {
    assertError(post("/v2/sandboxes", "{\"templateID\":\"base\"}", "e2b_0000"), 401, "does not match");
    assertError(post("/v2/sandboxes", "{\"templateID\":\"base\"}", null), 401, "missing X-API-KEY");
    assertThat(runtime.running).isEmpty();
  }

  @Test
  void oversizedBody_is413Json() throws Exception {
    String huge = "{\"templateID\":\"base\",\"metadata\":{\"k\":\"" + "x".repeat(70_000) + "\"}}";
    assertError(post("/v2/sandboxes", huge, KEY), 413, "larger than 65536 bytes");
    assertThat(runtime.running).isEmpty();
  }

  @Test
  void oversizedBody_isReadToItsEnd_andTheConnectionStaysUsable() throws Exception {
    String huge = "{\"templateID\":\"base\",\"metadata\":{\"k\":\"" + "x".repeat(500_000) + "\"}}";
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      assertError(raw.send(request("/v2/sandboxes", huge, KEY)), 413, "larger than 65536 bytes");
      RawHttpClient.Response next = raw.send("GET /sandboxes HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-KEY: " + KEY
          + "\r\n\r\n");
      assertThat(next.status()).isEqualTo(200);
    }
    assertThat(runtime.running).isEmpty();
  }

  private static String request(String path, String body, String key) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (key == null ? "" : "X-API-KEY: " + key + "\r\n")
        + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n" + body;
  }

  private RawHttpClient.Response post(String path, String body, String key) throws Exception {
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      return raw.send(request(path, body, key));
    }
  }

  private static void assertError(RawHttpClient.Response response, int status, String message) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.header("content-type")).isEqualTo("application/json");
    JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
    assertThat(body.get("code").getAsInt()).isEqualTo(status);
    assertThat(body.get("message").getAsString()).contains(message);
  }
}
