package dev.soulbox.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.soulbox.orchestrator.WebPort;
import dev.soulbox.orchestrator.metrics.Metrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpGatewayTest {
  private final Metrics metrics = new Metrics();
  private final HttpClient client = HttpClient.newHttpClient();
  private HttpGateway gateway;

  @BeforeEach
  void start() throws IOException {
    gateway = WebPort.create("127.0.0.1", 0, new MapSandboxDirectory(), metrics, HttpGatewayOptions.defaults()).start();
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void healthz_isOk() throws Exception {
    HttpResponse<String> response = get("/healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok\n");
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
  }

  @Test
  void healthz_head_hasNoBody() throws Exception {
    HttpResponse<String> response = client.send(request("/healthz").method("HEAD", HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void metrics_rendersPrometheusText() throws Exception {
    get("/healthz");

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body())
        .contains("# TYPE soulbox_http_requests_total counter")
        .contains("soulbox_http_requests_total{route=\"healthz\",status=\"200\"} 1")
        .contains("soulbox_http_bridges_active{kind=\"vnc\"} 0")
        .contains("soulbox_http_bridged_bytes{kind=\"http\",direction=\"to_sandbox\"} 0");
  }

  @Test
  void vncPage_isServedAsHtml() throws Exception {
    HttpResponse<String> response = get("/vnc/?token=abc");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    assertThat(response.body()).contains("<script type=\"module\" src=\"vnc.js\"></script>");
  }

  @Test
  void vncScript_importsNoVncRfb() throws Exception {
    HttpResponse<String> response = get("/vnc/vnc.js");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/javascript"));
    assertThat(response.body()).contains("import RFB from './core/rfb.js'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/vnc/core/rfb.js", "/vnc/core/websock.js", "/vnc/vendor/pako/lib/zlib/inflate.js"})
  void noVncModules_areBundledAsJavascript(String path) throws Exception {
    HttpResponse<String> response = get(path);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/javascript; charset=utf-8");
    assertThat(response.body()).contains("export");
  }

  @Test
  void vncFile_unchanged_isNotModified() throws Exception {
    String etag = get("/vnc/core/rfb.js").headers().firstValue("etag").orElseThrow();

    HttpResponse<String> response = client.send(request("/vnc/core/rfb.js").header("If-None-Match", etag).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(304);
  }

  @Test
  void vnc_withoutSlash_redirectsKeepingTheToken() throws Exception {
    HttpResponse<String> response = get("/vnc?token=abc");

    assertThat(response.statusCode()).isEqualTo(301);
    assertThat(response.headers().firstValue("location")).hasValue("/vnc/?token=abc");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/vnc/core", "/vnc/core/", "/vnc/../logback.xml", "/vnc/%2e%2e/logback.xml", "/vnc/package.json",
      "/vnc/AUTHORS", "/vnc/nope.js", "/nope"})
  void unknownOrUnsafePaths_areNotFound(String path) throws Exception {
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      assertThat(raw.get("localhost", path).status()).isEqualTo(404);
    }
  }

  @Test
  void post_toOwnRoute_isMethodNotAllowed() throws Exception {
    HttpResponse<String> response = client.send(request("/healthz").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
  }

  @Test
  void garbage_isBadRequest() throws Exception {
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      RawHttpClient.Response response = raw.send("HELLO\r\n\r\n");

      assertThat(response.status()).isEqualTo(400);
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void hugeRequestHead_isRejected() throws Exception {
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      RawHttpClient.Response response = raw.send("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "x".repeat(20_000)
          + "\r\n\r\n");

      assertThat(response.status()).isEqualTo(431);
    }
  }

  @Test
  void silentConnection_isClosedAfterTheIdleTimeout() throws Exception {
    try (HttpGateway impatient = WebPort.create("127.0.0.1", 0, new MapSandboxDirectory(), new Metrics(),
        HttpGatewayOptions.defaults().withIdleTimeout(Duration.ofMillis(300))).start();
         RawHttpClient raw = new RawHttpClient(impatient.port())) {
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void ownRoutes_keepTheConnectionAlive() throws Exception {
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      assertThat(raw.get("localhost:7080", "/healthz").body()).isEqualTo("ok\n");
      assertThat(raw.get("localhost:7080", "/vnc/nope.js").status()).isEqualTo(404);
      assertThat(raw.get("localhost:7080", "/healthz").body()).isEqualTo("ok\n");
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path));
  }
}
