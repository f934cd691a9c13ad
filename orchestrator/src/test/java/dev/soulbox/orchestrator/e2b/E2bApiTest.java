package dev.soulbox.orchestrator.e2b;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.soulbox.orchestrator.lifecycle.FakeRuntime;
import dev.soulbox.orchestrator.lifecycle.FakeTemplates;
import dev.soulbox.orchestrator.lifecycle.SandboxSettings;
import dev.soulbox.orchestrator.lifecycle.Sandboxes;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxState;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class E2bApiTest {
  static final String KEY = "e2b_" + "0123456789abcdef".repeat(2) + "01234567";

  private final FakeRuntime runtime = new FakeRuntime();
  private final Sandboxes sandboxes = new Sandboxes(runtime, new FakeTemplates(),
      SandboxSettings.defaults(FakeRuntime.alwaysReady()).withMaxSandboxes(10), id -> "vnc-" + id, new Metrics());
  private final E2bApi api = new E2bApi(sandboxes, new FakeTemplates(), KEY, "a hint", "localhost:7080");

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void create_v1AndV2_startTheSandboxAndAnswerE2bsSandbox() {
    for (String path : List.of("/sandboxes", "/v2/sandboxes")) {
      ApiAnswer answer = call(HttpMethod.POST, path, """
          {"templateID":"base","timeout":120,"metadata":{"owner":"ada"},"envVars":{"GREETING":"hi"},
           "secure":true,"allow_internet_access":true,"autoPause":false}""");
      assertThat(answer.status().code()).isEqualTo(201);
      JsonObject body = answer.body().getAsJsonObject();
      String id = body.get("sandboxID").getAsString();
      SandboxInstance s = sandboxes.get(id);
      assertThat(body.get("templateID").getAsString()).isEqualTo("base");
      assertThat(body.get("clientID").getAsString()).isNotEmpty();
      assertThat(body.get("envdVersion").getAsString()).isEqualTo("0.5.7");
      assertThat(body.get("envdAccessToken").getAsString()).isEqualTo(s.accessToken());
      assertThat(body.get("domain").getAsString()).isEqualTo("localhost:7080");
      assertThat(s.metadata()).containsEntry("owner", "ada");
      assertThat(Duration.between(s.startedAt(), s.endAt())).isEqualTo(Duration.ofSeconds(120));
      assertThat(runtime.specs.get(runtime.specs.size() - 1).envVars()).containsEntry("GREETING", "hi");
    }
  }

  @Test
  void get_answersTheDetail_andUnknownIdsAreNotFound() {
    String id = create("{\"templateID\":\"base\",\"metadata\":{\"k\":\"v\"}}");
    JsonObject detail = call(HttpMethod.GET, "/sandboxes/" + id, "").body().getAsJsonObject();
    assertThat(detail.get("sandboxID").getAsString()).isEqualTo(id);
    assertThat(detail.get("state").getAsString()).isEqualTo("running");
    assertThat(detail.get("cpuCount").getAsInt()).isPositive();
    assertThat(detail.get("memoryMB").getAsInt()).isPositive();
    assertThat(Instant.parse(detail.get("endAt").getAsString())).isAfter(Instant.parse(detail.get("startedAt").getAsString()));
    assertThat(detail.getAsJsonObject("metadata").get("k").getAsString()).isEqualTo("v");

    for (String unknown : List.of("abcdefghij0123456789", "nope", "UPPER")) {
      ApiAnswer missing = call(HttpMethod.GET, "/sandboxes/" + unknown, "");
      assertThat(missing.status().code()).isEqualTo(404);
      assertThat(missing.body().getAsJsonObject().get("code").getAsInt()).isEqualTo(404);
      assertThat(missing.body().getAsJsonObject().get("message").getAsString()).contains("does not exist");
    }
  }

  @Test
  void delete_killsOnce() {
    String id = create("{\"templateID\":\"base\"}");
    assertThat(call(HttpMethod.DELETE, "/sandboxes/" + id, "").status().code()).isEqualTo(204);
    assertThat(runtime.running).doesNotContainKey(id);
    assertThat(call(HttpMethod.DELETE, "/sandboxes/" + id, "").status().code()).isEqualTo(404);
  }

  @Test
  void list_filtersByMetadataAndState_andPagesWithNextToken() {
    List<String> mine = new ArrayList<>();
    IntStream.range(0, 5).forEach(i -> mine.add(create("{\"templateID\":\"base\",\"metadata\":{\"run\":\"a b&c=d\"}}")));
    create("{\"templateID\":\"base\",\"metadata\":{\"run\":\"other\"}}");
    sandboxes.pause(mine.get(4));
    // as the SDK sends it: the pairs URL-encoded, as a query string, as the value of metadata
    String metadata = QueryStringDecoder.decodeComponent("run%3Da%2520b%2526c%253Dd");

    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Map<String, List<String>> parameters = new HashMap<>();
      parameters.put("metadata", List.of(metadata));
      parameters.put("limit", List.of("2"));
      if (token != null) {
        parameters.put("nextToken", List.of(token));
      }
      ApiAnswer page = api.answer(HttpMethod.GET, "/v2/sandboxes", parameters, new byte[0], KEY);
      assertThat(page.status().code()).isEqualTo(200);
      for (JsonElement e : page.body().getAsJsonArray()) {
        seen.add(e.getAsJsonObject().get("sandboxID").getAsString());
      }
      token = page.headers().get("X-Next-Token");
      pages++;
    } while (token != null);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(mine);
    assertThat(pages).isEqualTo(3);

    ApiAnswer paused = api.answer(HttpMethod.GET, "/v2/sandboxes",
        Map.of("metadata", List.of(metadata), "state", List.of("paused")), new byte[0], KEY);
    JsonArray pausedItems = paused.body().getAsJsonArray();
    assertThat(pausedItems).hasSize(1);
    assertThat(pausedItems.get(0).getAsJsonObject().get("state").getAsString()).isEqualTo("paused");

    ApiAnswer v1 = api.answer(HttpMethod.GET, "/sandboxes", Map.of("metadata", List.of(metadata)), new byte[0], KEY);
    assertThat(v1.body().getAsJsonArray()).hasSize(4); // running only
  }

  @Test
  void everyEndpoint_wantsTheApiKey() {
    for (String key : new String[] {null, "", "e2b_00", KEY + "0"}) {
      ApiAnswer answer = api.answer(HttpMethod.GET, "/v2/sandboxes", Map.of(), new byte[0], key);
      assertThat(answer.status().code()).isEqualTo(401);
      assertThat(answer.body().getAsJsonObject().get("message").getAsString()).contains("X-API-KEY").contains("a hint");
    }
    assertThat(api.answer(HttpMethod.POST, "/sandboxes", Map.of(), "{\"templateID\":\"base\"}".getBytes(
        StandardCharsets.UTF_8), "wrong").status().code()).isEqualTo(401);
    assertThat(runtime.running).isEmpty();
  }

  @Test
  void unknownPathsAndMethods_areJsonErrors() {
    assertThat(call(HttpMethod.GET, "/sandboxes/abcdefghij0123456789/nothing", "").status().code()).isEqualTo(501);
    assertThat(call(HttpMethod.POST, "/sandboxes/abcdefghij0123456789/fork", "{}").body().toString())
        .contains("SoulBox does not serve POST /sandboxes/abcdefghij0123456789/fork");
    ApiAnswer wrongMethod = call(HttpMethod.PUT, "/sandboxes", "");
    assertThat(wrongMethod.status().code()).isEqualTo(405);
    assertThat(wrongMethod.headers().get("Allow")).isEqualTo("POST, GET");
  }

  @Test
  void pauseThenConnect_resumes201_andConnectToRunningIs200() {
    String id = create("{\"templateID\":\"base\",\"timeout\":60}");
    assertThat(call(HttpMethod.POST, "/sandboxes/" + id + "/pause", "{}").status().code()).isEqualTo(204);
    assertThat(call(HttpMethod.POST, "/sandboxes/" + id + "/pause", "").status().code()).isEqualTo(409);
    assertThat(sandboxes.get(id).state()).isEqualTo(SandboxState.PAUSED);
    assertThat(call(HttpMethod.POST, "/v2/sandboxes/" + id + "/connect", "{}").status().code()).isEqualTo(201);
    assertThat(sandboxes.get(id).state()).isEqualTo(SandboxState.RUNNING);

    Instant end = sandboxes.get(id).endAt();
    assertThat(call(HttpMethod.POST, "/sandboxes/" + id + "/connect", "{\"timeout\":10}").status().code()).isEqualTo(200);
    assertThat(sandboxes.get(id).endAt()).isEqualTo(end); // never earlier
    assertThat(call(HttpMethod.POST, "/sandboxes/" + id + "/connect", "{\"timeout\":600}").status().code()).isEqualTo(200);
    assertThat(sandboxes.get(id).endAt()).isAfter(end);
    assertThat(call(HttpMethod.POST, "/sandboxes/" + id + "/connect", "{}").status().code()).isEqualTo(400);
  }

  @Test
  void timeoutResumeMetricsLogsTemplates() {
    String id = create("{\"templateID\":\"base\"}");
    assertThat(call(HttpMethod.POST, "/sandboxes/" + id + "/timeout", "{\"timeout\":3600}").status().code()).isEqualTo(204);
    assertThat(Duration.between(Instant.now(), sandboxes.get(id).endAt())).isGreaterThan(Duration.ofMinutes(59));
    assertThat(call(HttpMethod.POST, "/sandboxes/" + id + "/resume", "{}").status().code()).isEqualTo(409);
    sandboxes.pause(id);
    ApiAnswer resumed = call(HttpMethod.POST, "/sandboxes/" + id + "/resume", "{\"timeout\":30}");
    assertThat(resumed.status().code()).isEqualTo(201);
    assertThat(resumed.body().getAsJsonObject().get("sandboxID").getAsString()).isEqualTo(id);

    JsonArray metrics = call(HttpMethod.GET, "/sandboxes/" + id + "/metrics", "").body().getAsJsonArray();
    assertThat(metrics).hasSize(1);
    assertThat(metrics.get(0).getAsJsonObject().has("cpuUsedPct")).isTrue();

    JsonObject logs = call(HttpMethod.GET, "/sandboxes/" + id + "/logs", "").body().getAsJsonObject();
    assertThat(logs.getAsJsonArray("logs").toString()).contains("created from template base");
    JsonObject logsV2 = call(HttpMethod.GET, "/v2/sandboxes/" + id + "/logs", "").body().getAsJsonObject();
    assertThat(logsV2.getAsJsonArray("logs").toString()).contains("paused").contains("resumed");

    JsonArray templates = call(HttpMethod.GET, "/templates", "").body().getAsJsonArray();
    assertThat(templates.toString()).contains("\"templateID\":\"base\"");
  }

  @Test
  void updateNetwork_replacesTheEgressPolicy() {
    String id = create("{\"templateID\":\"base\"}");
    ApiAnswer answer = call(HttpMethod.PUT, "/sandboxes/" + id + "/network",
        "{\"allow_internet_access\":false,\"allowOut\":[\"10.1.2.0/24\"]}");
    assertThat(answer.status().code()).isEqualTo(204);
    assertThat(sandboxes.get(id).egress().internetAllowed()).isFalse();
    assertThat(sandboxes.get(id).egress().allowOut()).hasSize(1);
    assertThat(call(HttpMethod.PUT, "/sandboxes/" + id + "/network", "{\"rules\":{\"a.com\":[{}]}}").status().code())
        .isEqualTo(400);
  }

  private String create(String body) {
    ApiAnswer answer = call(HttpMethod.POST, "/v2/sandboxes", body);
    assertThat(answer.status().code()).as(String.valueOf(answer.body())).isEqualTo(201);
    return answer.body().getAsJsonObject().get("sandboxID").getAsString();
  }

  ApiAnswer call(HttpMethod method, String path, String body) {
    return api.answer(method, path, Map.of(), body.getBytes(StandardCharsets.UTF_8), KEY);
  }
}
