package dev.soulbox.it.e2b;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.soulbox.it.orchestrator.OrchestratorProcess;
import dev.soulbox.it.orchestrator.RawHttp;
import dev.soulbox.it.orchestrator.RunningOrchestrator;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * E2B's REST API of the real orchestrator over raw HTTP: bad requests to every endpoint get a clear status and
 * {@code {code, message}}, and leave nothing behind (no container, no sandbox); the endpoints the SDK does not call
 * (resume, logs, templates) answer E2B's shapes.
 */
class E2bApiBadInputIT {
  private static final String UNKNOWN = "zzzzzzzzzzzzzzzzzzzz";

  /** No warm pool: every container of the scope is then one a request made. */
  @RegisterExtension
  static final RunningOrchestrator orchestrator = new RunningOrchestrator("--pool", "base=0");

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void nothingLeftBehind() {
    assertThat(orchestrator.client().list()).isEmpty();
    assertThat(OrchestratorProcess.Docker.containersOf(orchestrator.scope())).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "POST   | /v2/sandboxes | {\"templateID\":                     | 400 | not valid JSON",
      "POST   | /sandboxes    | {\"templateID\":\"nope\"}            | 404 | template nope does not exist",
      "POST   | /v2/sandboxes | {\"templateID\":\"base\",\"timeout\":\"1m\"} | 400 | timeout must be an integer",
      "POST   | /sandboxes    | {\"templateID\":\"base\",\"secure\":false}    | 400 | secure: false",
      "POST   | /sandboxes    | {\"templateID\":\"base\",\"autoPause\":true}  | 400 | autoPause",
      "POST   | /v2/sandboxes | {\"templateID\":\"base\",\"envVars\":[\"A=1\"]} | 400 | envVars must be an object",
      "POST   | /v2/sandboxes | {\"templateID\":\"base\",\"network\":{\"allowOut\":[\"::/200\"]}} | 400 | allow_out",
      "POST   | /v2/sandboxes | {\"templateID\":\"base\",\"gpu\":true}        | 400 | does not support the field gpu",
      "GET    | /sandboxes/" + UNKNOWN + "         | `` | 404 | does not exist",
      "DELETE | /sandboxes/" + UNKNOWN + "         | `` | 404 | does not exist",
      "POST   | /sandboxes/" + UNKNOWN + "/timeout | {\"timeout\":30} | 404 | does not exist",
      "POST   | /sandboxes/" + UNKNOWN + "/pause   | ``               | 404 | does not exist",
      "POST   | /sandboxes/" + UNKNOWN + "/resume  | ``               | 404 | does not exist",
      "POST   | /sandboxes/" + UNKNOWN + "/connect | {\"timeout\":30} | 404 | does not exist",
      "POST   | /v2/sandboxes/" + UNKNOWN + "/connect | ``            | 404 | does not exist",
      "GET    | /sandboxes/" + UNKNOWN + "/metrics | ``               | 404 | does not exist",
      "GET    | /sandboxes/" + UNKNOWN + "/logs    | ``               | 404 | does not exist",
      "GET    | /v2/sandboxes/" + UNKNOWN + "/logs | ``               | 404 | does not exist",
      "GET    | /v2/sandboxes?limit=1000           | ``               | 400 | limit must be",
      "GET    | /v2/sandboxes?nextToken=x          | ``               | 400 | nextToken",
      "PATCH  | /templates                         | ``               | 405 | PATCH is not allowed",
  })
  void badRequests_areRefusedClearly(String method, String path, String body, int status, String message)
      throws Exception {
    HttpResponse<String> response = send(method, path, body == null ? "" : body, OrchestratorProcess.API_KEY);
    assertError(response, status, message);
  }

  @Test
  void wrongOrMissingKey_is401OnEveryEndpoint() throws Exception {
    for (String[] call : new String[][] {{"POST", "/v2/sandboxes", "{\"templateID\":\"base\"}"},
        {"POST", "/sandboxes", "{\"templateID\":\"base\"}"}, {"GET", "/v2/sandboxes", ""}, {"GET", "/sandboxes", ""},
        {"GET", "/sandboxes/" + UNKNOWN, ""}, {"DELETE", "/sandboxes/" + UNKNOWN, ""}, {"GET", "/templates", ""}}) {
      assertError(send(call[0], call[1], call[2], "e2b_" + "f".repeat(40)), 401, "does not match");
      assertError(send(call[0], call[1], call[2], null), 401, "missing X-API-KEY");
    }
  }

  @Test
  void oversizedBody_is413() throws Exception {
    String body = "{\"templateID\":\"base\",\"envVars\":{\"BIG\":\"" + "x".repeat(200_000) + "\"}}";
    assertError(send("POST", "/v2/sandboxes", body, OrchestratorProcess.API_KEY), 413, "larger than");
  }

  @Test
  void headerRoutes_toUnknownOrPausedSandboxes_are502() throws Exception {
    String response = rawWithHeaders(UNKNOWN, 49983, "/health");
    assertThat(response).startsWith("HTTP/1.1 502")
        .endsWith("{\"sandboxId\":\"" + UNKNOWN + "\",\"message\":\"The sandbox was not found\",\"code\":502}\n");
    assertThat(RawHttp.get(orchestrator.httpPort(), "8000-" + UNKNOWN + ".localhost:" + orchestrator.httpPort(), "/"))
        .startsWith("HTTP/1.1 502").contains("The sandbox was not found");

    String id = create();
    try {
      assertThat(send("POST", "/sandboxes/" + id + "/pause", "", OrchestratorProcess.API_KEY).statusCode()).isEqualTo(204);
      assertThat(rawWithHeaders(id, 49983, "/health")).startsWith("HTTP/1.1 502").contains("The sandbox was not found");
    } finally {
      assertThat(send("DELETE", "/sandboxes/" + id, "", OrchestratorProcess.API_KEY).statusCode()).isEqualTo(204);
    }
    assertThat(rawWithHeaders(id, 49983, "/health")).startsWith("HTTP/1.1 502");
  }

  @Test
  void resumeLogsMetricsAndTemplates_answerE2bsShapes() throws Exception {
    String key = OrchestratorProcess.API_KEY;
    String id = create();
    try {
      assertThat(send("POST", "/sandboxes/" + id + "/resume", "{}", key).statusCode()).isEqualTo(409);
      assertThat(send("POST", "/sandboxes/" + id + "/pause", "{}", key).statusCode()).isEqualTo(204);
      HttpResponse<String> resumed = send("POST", "/sandboxes/" + id + "/resume", "{\"timeout\":120}", key);
      assertThat(resumed.statusCode()).isEqualTo(201);
      assertThat(json(resumed).getAsJsonObject().get("sandboxID").getAsString()).isEqualTo(id);

      JsonObject logs = json(send("GET", "/sandboxes/" + id + "/logs", "", key)).getAsJsonObject();
      assertThat(logs.getAsJsonArray("logs").toString()).contains("created from template base").contains("resumed");
      assertThat(logs.getAsJsonArray("logEntries").get(0).getAsJsonObject().has("level")).isTrue();
      JsonArray backward = json(send("GET", "/v2/sandboxes/" + id + "/logs?direction=backward&limit=1", "", key))
          .getAsJsonObject().getAsJsonArray("logs");
      assertThat(backward).hasSize(1);

      JsonArray metrics = json(send("GET", "/sandboxes/" + id + "/metrics", "", key)).getAsJsonArray();
      assertThat(metrics.get(0).getAsJsonObject().get("memTotal").getAsLong()).isPositive();

      JsonArray templates = json(send("GET", "/templates", "", key)).getAsJsonArray();
      assertThat(templates.toString()).contains("\"templateID\":\"base\"");
    } finally {
      send("DELETE", "/sandboxes/" + id, "", key);
    }
  }

  private String create() throws Exception {
    HttpResponse<String> created = send("POST", "/v2/sandboxes", "{\"templateID\":\"base\",\"timeout\":120}",
        OrchestratorProcess.API_KEY);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json(created).getAsJsonObject().get("sandboxID").getAsString();
  }

  private HttpResponse<String> send(String method, String path, String body, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + orchestrator.httpPort() + path))
        .timeout(Duration.ofSeconds(60))
        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (key != null) {
      request.header("X-API-KEY", key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String rawWithHeaders(String sandboxId, int port, String path) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", orchestrator.httpPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + orchestrator.httpPort()
          + "\r\nE2b-Sandbox-Id: " + sandboxId + "\r\nE2b-Sandbox-Port: " + port + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static JsonElement json(HttpResponse<String> response) {
    return JsonParser.parseString(response.body());
  }

  private static void assertError(HttpResponse<String> response, int status, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonObject body = json(response).getAsJsonObject();
    assertThat(body.get("code").getAsInt()).isEqualTo(status);
    assertThat(body.get("message").getAsString()).contains(message);
  }
}
