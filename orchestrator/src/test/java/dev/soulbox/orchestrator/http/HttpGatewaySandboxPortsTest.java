package dev.soulbox.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.soulbox.orchestrator.WebPort;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.runtime.SandboxState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpGatewaySandboxPortsTest {
  private static final String ID = "abcdefghij0123456789";
  private static final String PAUSED_ID = "pausedpausedpaused00";
  private static final String UNKNOWN_ID = "zzzzzzzzzzzzzzzzzzzz";

  private final Metrics metrics = new Metrics();
  private final MapSandboxDirectory directory = new MapSandboxDirectory();
  private final HttpClient client = HttpClient.newHttpClient();
  private HttpBackend web;
  private WebSocketEchoBackend echo;
  private HttpGateway gateway;

  @BeforeEach
  void start() throws Exception {
    web = new HttpBackend();
    echo = new WebSocketEchoBackend();
    directory.add(ID, SandboxState.RUNNING, null);
    directory.add(PAUSED_ID, SandboxState.PAUSED, null);
    gateway = WebPort.create("127.0.0.1", 0, directory, metrics, HttpGatewayOptions.defaults()).start();
  }

  @AfterEach
  void stop() {
    gateway.close();
    echo.close();
    web.close();
  }

  @Test
  void get_byHost_reachesTheSandboxPort() throws Exception {
    String host = web.port() + "-" + ID + ".localhost:7080";
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      RawHttpClient.Response response = raw.get(host, "/hello");

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).startsWith("hello path=/hello host=" + host + " conn=");
    }
  }

  @Test
  void keepAlive_twoRequestsShareOneConnectionToTheSandbox() throws Exception {
    String host = web.port() + "-" + ID + ".localhost";
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      String first = raw.get(host, "/hello/1").body();
      String second = raw.get(host, "/hello/2").body();

      assertThat(first).contains("path=/hello/1");
      assertThat(second).contains("path=/hello/2");
      assertThat(connectionOf(second)).isEqualTo(connectionOf(first));
    }
  }

  @Test
  void get_byE2bHeaders_reachesTheSandboxPort() throws Exception {
    HttpResponse<String> response = client.send(e2b("/hello", web.port()).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("hello path=/hello host=127.0.0.1:" + gateway.port());
  }

  @Test
  void post_largeBody_isStreamedNotBuffered() throws Exception {
    int size = 64 * HttpBackend.MIB;
    byte[] body = HttpBackend.pattern(size);
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      raw.output().write(("POST /upload HTTP/1.1\r\nHost: " + web.port() + "-" + ID + ".localhost\r\n"
          + "Content-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      raw.output().write(body, 0, HttpBackend.MIB);
      raw.output().flush();
      // a gateway that buffered whole bodies would not pass the first MiB on before the rest arrives
      assertThat(web.uploadStarted.await(20, TimeUnit.SECONDS)).as("sandbox saw the first MiB").isTrue();
      raw.output().write(body, HttpBackend.MIB, size - HttpBackend.MIB);
      raw.output().flush();

      RawHttpClient.Response response = raw.read();

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("bytes=" + size + " sha256="
          + HexFormat.of().formatHex(HttpBackend.sha256().digest(body)));
    }
  }

  @ParameterizedTest(name = "by headers: {0}")
  @ValueSource(booleans = {false, true})
  void expectContinue_reachesTheSandbox_beforeTheBodyIsSent(boolean byHeaders) throws Exception {
    byte[] body = HttpBackend.pattern(2 * HttpBackend.MIB);
    String route = byHeaders ? "Host: 127.0.0.1:7080\r\nE2b-Sandbox-Id: " + ID + "\r\nE2b-Sandbox-Port: " + web.port()
        : "Host: " + web.port() + "-" + ID + ".localhost";
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      raw.output().write(("POST /upload HTTP/1.1\r\n" + route + "\r\nContent-Length: " + body.length
          + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      raw.output().flush();

      // curl waits a second for this, browsers' fetch never asks; either way the sandbox's answer must come through
      RawHttpClient.Response interim = raw.read();
      raw.output().write(body);
      raw.output().flush();
      RawHttpClient.Response response = raw.read();

      assertThat(interim.status()).isEqualTo(100);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).startsWith("bytes=" + body.length + " ");
    }
  }

  @ParameterizedTest(name = "by headers: {0}")
  @ValueSource(booleans = {false, true})
  void slowSandbox_stallsTheClientInsteadOfFillingMemory(boolean byHeaders) throws Exception {
    try (ServerSocket neverReads = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         RawHttpClient raw = new RawHttpClient(gateway.port())) {
      CountDownLatch done = new CountDownLatch(1);
      Thread acceptor = new Thread(() -> {
        try (Socket held = neverReads.accept()) {
          done.await();
        } catch (IOException | InterruptedException e) {
          // closed at the end of the test
        }
      });
      acceptor.start();
      AtomicLong written = new AtomicLong();
      Thread writer = new Thread(() -> {
        byte[] block = new byte[64 * 1024];
        try {
          String route = byHeaders
              ? "Host: 127.0.0.1\r\nE2b-Sandbox-Id: " + ID + "\r\nE2b-Sandbox-Port: " + neverReads.getLocalPort()
              : "Host: " + neverReads.getLocalPort() + "-" + ID + ".localhost";
          raw.output().write(("POST / HTTP/1.1\r\n" + route + "\r\n"
              + "Content-Length: " + (1L << 30) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          while (written.get() < (1L << 30)) {
            raw.output().write(block);
            written.addAndGet(block.length);
          }
        } catch (IOException e) {
          // closed at the end of the test
        }
      });
      writer.start();

      try {
        long[] last = {-1};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
          long now = written.get();
          boolean stalled = now == last[0];
          last[0] = now;
          return stalled && now > 0;
        });

        assertThat(written.get()).as("bytes the client got rid of").isLessThan(64L * HttpBackend.MIB);
      } finally {
        done.countDown();
        raw.close();
        writer.join(10_000);
        acceptor.join(10_000);
      }
    }
  }

  @Test
  void post_chunkedBody_byE2bHeaders_arrivesWhole() throws Exception {
    byte[] body = HttpBackend.pattern(8 * HttpBackend.MIB + 5);

    HttpResponse<String> response = client.send(e2b("/upload", web.port())
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("bytes=" + body.length + " sha256="
        + HexFormat.of().formatHex(HttpBackend.sha256().digest(body)));
  }

  @Test
  void get_largeChunkedResponse_arrivesWhole() throws Exception {
    long size = 48L * HttpBackend.MIB + 123;

    HttpResponse<InputStream> response = client.send(e2b("/download?bytes=" + size, web.port()).build(),
        HttpResponse.BodyHandlers.ofInputStream());

    try (InputStream in = response.body()) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(size);
    }
  }

  @Test
  void webSocket_upgradePassesThroughBothWays() throws Exception {
    LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocket ws = client.newWebSocketBuilder()
        .header("E2b-Sandbox-Id", ID)
        .header("E2b-Sandbox-Port", String.valueOf(echo.port()))
        .buildAsync(URI.create("ws://127.0.0.1:" + gateway.port() + "/echo"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            received.add(data.toString());
            webSocket.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            received.add("binary " + new String(bytes));
            webSocket.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);

    ws.sendText("hi", true).get(5, TimeUnit.SECONDS);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo: hi");
    ws.sendBinary(ByteBuffer.wrap("bytes".getBytes()), true).get(5, TimeUnit.SECONDS);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("binary bytes");
    assertThat(metrics.render()).contains("soulbox_http_bridges_active{kind=\"websocket\"} 1");

    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> metrics.render().contains("soulbox_http_bridges_active{kind=\"websocket\"} 0"));
  }

  @Test
  void unknownSandbox_isE2bsSandboxNotFound502() throws Exception {
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      RawHttpClient.Response response = raw.get("3000-" + UNKNOWN_ID + ".localhost:7080", "/");

      assertThat(response.status()).isEqualTo(502);
      assertThat(response.header("content-type")).isEqualTo("application/json");
      assertThat(response.body()).isEqualTo("{\"sandboxId\":\"" + UNKNOWN_ID
          + "\",\"message\":\"The sandbox was not found\",\"code\":502}\n");
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void pausedSandbox_isE2bsSandboxNotFound502() throws Exception {
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      RawHttpClient.Response response = raw.get(web.port() + "-" + PAUSED_ID + ".localhost", "/hello");

      assertThat(response.status()).isEqualTo(502);
      assertThat(response.body()).contains("\"sandboxId\":\"" + PAUSED_ID + "\"")
          .contains("The sandbox was not found");
    }
  }

  @Test
  void headerRoutes_areRoutedRequestByRequest_onOneConnection() throws Exception {
    try (HttpBackend other = new HttpBackend(); RawHttpClient raw = new RawHttpClient(gateway.port())) {
      String first = raw.send(byHeaders(ID, web.port(), "/hello/1")).body();
      String second = raw.send(byHeaders(ID, other.port(), "/hello/2")).body();
      RawHttpClient.Response unknown = raw.send(byHeaders(UNKNOWN_ID, web.port(), "/health"));
      RawHttpClient.Response paused = raw.send(byHeaders(PAUSED_ID, web.port(), "/health"));
      String third = raw.send(byHeaders(ID, other.port(), "/hello/3")).body();
      String fourth = raw.send(byHeaders(ID, other.port(), "/hello/4")).body();

      assertThat(first).contains("path=/hello/1");
      assertThat(second).contains("path=/hello/2");
      assertThat(connectionOf(second)).isNotEqualTo(connectionOf(first));
      for (var refused : java.util.List.of(unknown, paused)) {
        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.body()).contains("\"message\":\"The sandbox was not found\",\"code\":502");
      }
      assertThat(unknown.body()).contains(UNKNOWN_ID);
      assertThat(third).contains("path=/hello/3");
      assertThat(connectionOf(fourth)).isEqualTo(connectionOf(third)); // the upstream connection is kept
      assertThat(metrics.render()).contains("soulbox_http_requests_total{route=\"sandbox_port\",status=\"proxied\"} 4");
    }
  }

  @Test
  void headerRoutes_needAHostThatIsTheGateway() throws Exception {
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      RawHttpClient.Response response = raw.send("GET /healthz HTTP/1.1\r\nHost: example.com\r\nE2b-Sandbox-Id: " + ID
          + "\r\nE2b-Sandbox-Port: " + web.port() + "\r\n\r\n");

      assertThat(response.status()).isEqualTo(200); // the gateway's own /healthz, not the sandbox
      assertThat(response.body()).doesNotContain("hello");
    }
    for (String host : new String[] {"localhost", "127.0.0.1:7080", "[::1]:7080"}) {
      try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
        RawHttpClient.Response response = raw.send("GET /hello HTTP/1.1\r\nHost: " + host + "\r\nE2b-Sandbox-Id: " + ID
            + "\r\nE2b-Sandbox-Port: " + web.port() + "\r\n\r\n");
        assertThat(response.body()).as(host).startsWith("hello path=/hello");
      }
    }
  }

  @Test
  void headerRoute_nothingListening_is502AndTheConnectionStaysUsable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      RawHttpClient.Response refused = raw.send(byHeaders(ID, closedPort, "/"));
      assertThat(refused.status()).isEqualTo(502);
      assertThat(refused.body()).contains("nothing is listening on port " + closedPort);

      assertThat(raw.send(byHeaders(ID, web.port(), "/hello")).body()).startsWith("hello path=/hello");
    }
  }

  private static String byHeaders(String sandboxId, int port, String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:7080\r\nE2b-Sandbox-Id: " + sandboxId
        + "\r\nE2b-Sandbox-Port: " + port + "\r\n\r\n";
  }

  @Test
  void nothingListening_isBadGateway() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      RawHttpClient.Response response = raw.get(closedPort + "-" + ID + ".localhost", "/");

      assertThat(response.status()).isEqualTo(502);
      assertThat(response.body()).contains("nothing is listening on port " + closedPort + " of sandbox " + ID)
          .contains("\"code\":502");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0-" + ID + ".localhost", "65536-" + ID + ".localhost:7080", "http-" + ID + ".localhost",
      "99999999999-" + ID + ".localhost"})
  void badPortInHost_isBadRequest(String host) throws Exception {
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      RawHttpClient.Response response = raw.get(host, "/");

      assertThat(response.status()).isEqualTo(400);
      assertThat(response.body()).contains("is not a port (1-65535)");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"E2b-Sandbox-Id: nope\r\nE2b-Sandbox-Port: 80", "E2b-Sandbox-Id: " + ID,
      "E2b-Sandbox-Id: " + ID + "\r\nE2b-Sandbox-Port: 0"})
  void badE2bHeaders_areBadRequest(String headers) throws Exception {
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      assertThat(raw.send("GET / HTTP/1.1\r\nHost: localhost\r\n" + headers + "\r\n\r\n").status()).isEqualTo(400);
    }
  }

  @Test
  void oneConnection_carriesTheGatewaysRequestsAndHeaderRoutedOnes_inTurn() throws Exception {
    byte[] body = new byte[3 << 20];
    new Random(7).nextBytes(body);
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      assertThat(raw.get("localhost", "/healthz").status()).isEqualTo(200);

      raw.output().write(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1:7080\r\nE2b-Sandbox-Id: " + ID
          + "\r\nE2b-Sandbox-Port: " + web.port() + "\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      raw.output().write(body);
      raw.output().flush();
      RawHttpClient.Response upload = raw.read();
      assertThat(upload.status()).isEqualTo(200);
      assertThat(upload.body()).as("a body far above what the gateway gathers itself, streamed whole")
          .startsWith("bytes=" + body.length + " sha256=");

      assertThat(raw.get("localhost", "/healthz").status()).isEqualTo(200);
      assertThat(raw.send(byHeaders(ID, web.port(), "/hello/again")).body()).startsWith("hello path=/hello/again");
      assertThat(raw.get("localhost", "/no-such-page").status()).isEqualTo(404);
    }
  }

  @Test
  void headerRoutedConnection_servesTheGatewaysOwnRequestsToo_butNotHostRoutes() throws Exception {
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      assertThat(raw.send(byHeaders(ID, web.port(), "/hello/1")).body()).startsWith("hello path=/hello/1");
      assertThat(raw.get("localhost", "/healthz").status()).isEqualTo(200);
      assertThat(raw.send(byHeaders(ID, web.port(), "/hello/2")).body()).startsWith("hello path=/hello/2");

      RawHttpClient.Response byHost = raw.get(web.port() + "-" + ID + ".localhost", "/hello");
      assertThat(byHost.status()).isEqualTo(421);
      assertThat(byHost.body()).contains("by host on a new connection");
    }
  }

  @Test
  void upgrade_forTheGateway_onAConnectionRoutedRequestByRequest_isMisdirected() throws Exception {
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      assertThat(raw.send(byHeaders(ID, web.port(), "/hello")).status()).isEqualTo(200);

      RawHttpClient.Response upgrade = raw.send("GET /websockify?token=x HTTP/1.1\r\nHost: localhost\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n");
      assertThat(upgrade.status()).isEqualTo(421);
      assertThat(upgrade.body()).contains("send upgrade requests on a new connection");
    }
  }

  @Test
  void sandboxRequest_onAConnectionServingTheGateway_isMisdirected() throws Exception {
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      assertThat(raw.get("localhost", "/healthz").status()).isEqualTo(200);

      RawHttpClient.Response response = raw.get(web.port() + "-" + ID + ".localhost", "/hello");

      assertThat(response.status()).isEqualTo(421);
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void bridges_areCounted() throws Exception {
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      raw.get(web.port() + "-" + ID + ".localhost", "/hello");
      assertThat(metrics.render()).contains("soulbox_http_bridges_active{kind=\"http\"} 1");
    }

    await().atMost(Duration.ofSeconds(10))
        .until(() -> metrics.render().contains("soulbox_http_bridges_active{kind=\"http\"} 0"));
    assertThat(metrics.render())
        .contains("soulbox_http_requests_total{route=\"sandbox_port\",status=\"bridged\"} 1")
        .doesNotContain("soulbox_http_bridged_bytes{kind=\"http\",direction=\"from_sandbox\"} 0");
  }

  private HttpRequest.Builder e2b(String path, int port) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
        .header("E2b-Sandbox-Id", ID)
        .header("E2b-Sandbox-Port", String.valueOf(port));
  }

  private static String connectionOf(String helloBody) {
    return helloBody.substring(helloBody.indexOf("conn="));
  }
}
