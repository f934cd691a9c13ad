package dev.soulbox.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.soulbox.agent.server.AgentConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnvdRoutesTest {
  private HttpAgent agent = HttpAgent.start();

  @AfterEach
  void close() {
    agent.close();
  }

  private HttpResponse<String> init(String json, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(agent.uri("/init")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      b.header("X-Access-Token", token);
    }
    return agent.send(b.build());
  }

  private String run(String script) {
    HttpResponse<byte[]> r = agent.stream("process.Process/Start",
        "{\"process\":{\"cmd\":\"/bin/sh\",\"args\":[\"-c\",\"" + script + "\"]}}");
    return HttpAgent.text(HttpAgent.envelopes(r.body()));
  }

  @Test
  void init_setsEnvVarsForNewProcesses_andEnvsListsThem() {
    HttpResponse<String> r = init("{\"envVars\":{\"GREETING\":\"aGVsbG8=\"}}", HttpAgent.TOKEN);
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("x-envd-version")).hasValue(AgentConfig.ENVD_VERSION);
    // echo -n $GREETING prints the base64 text; its base64 in the event is the check
    assertThat(run("printf %s $GREETING")).contains("\"stdout\":\"YUdWc2JHOD0=\"");
    HttpResponse<String> envs = agent.send(agent.request("/envs").GET().build());
    assertThat(envs.statusCode()).isEqualTo(200);
    assertThat(envs.body()).isEqualTo("{\"GREETING\":\"aGVsbG8=\"}");
  }

  @Test
  void init_setsTheAccessToken() {
    agent.close();
    agent = HttpAgent.start(AgentConfig.defaults());
    assertThat(agent.send(HttpRequest.newBuilder(agent.uri("/envs")).GET().build()).statusCode()).isEqualTo(200);
    assertThat(init("{\"accessToken\":\"fresh\"}", null).statusCode()).isEqualTo(204);
    assertThat(agent.send(HttpRequest.newBuilder(agent.uri("/envs")).GET().build()).statusCode()).isEqualTo(401);
    assertThat(agent.send(HttpRequest.newBuilder(agent.uri("/envs")).header("X-Access-Token", "fresh").GET().build())
        .statusCode()).isEqualTo(200);
    // over Connect (and so gRPC) too
    HttpResponse<String> list = agent.send(HttpRequest.newBuilder(agent.uri("/process.Process/List"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertThat(list.statusCode()).isEqualTo(401);
    // once set, only who knows it may init again
    assertThat(init("{\"accessToken\":\"stolen\"}", null).statusCode()).isEqualTo(401);
    assertThat(init("{\"accessToken\":\"rotated\"}", "fresh").statusCode()).isEqualTo(204);
  }

  @Test
  void init_defaultWorkdir() {
    assertThat(init("{\"defaultWorkdir\":\"/tmp\"}", HttpAgent.TOKEN).statusCode()).isEqualTo(204);
    assertThat(run("pwd")).contains("\"stdout\":\"L3RtcAo=\"");
  }

  @Test
  void init_badInput_is400_andChangesNothing() {
    assertThat(init("{\"envVars\":", HttpAgent.TOKEN).statusCode()).isEqualTo(400);
    assertThat(init("{\"envVars\":{\"A\":1}}", HttpAgent.TOKEN).statusCode()).isEqualTo(400);
    assertThat(init("{\"envVars\":{\"B\":\"b\"},\"defaultUser\":\"no-such-user\"}", HttpAgent.TOKEN).statusCode())
        .isEqualTo(400);
    assertThat(init("{\"defaultWorkdir\":\"relative\"}", HttpAgent.TOKEN).statusCode()).isEqualTo(400);
    assertThat(agent.send(agent.request("/envs").GET().build()).body()).isEqualTo("{}");
  }

  @Test
  void metrics() {
    HttpResponse<String> r = agent.send(agent.request("/metrics").GET().build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"cpu_count\":").contains("\"mem_total\":").contains("\"disk_total\":");
    assertThat(agent.send(HttpRequest.newBuilder(agent.uri("/metrics")).GET().build()).statusCode()).isEqualTo(401);
  }

  @Test
  void unknownPath_is404_andWrongMethod_is405() {
    assertThat(agent.send(agent.request("/nope").GET().build()).statusCode()).isEqualTo(404);
    assertThat(agent.send(agent.request("/health").POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode())
        .isEqualTo(405);
    assertThat(agent.send(agent.request("/process.Process/List").GET().build()).statusCode()).isEqualTo(405);
  }
}
