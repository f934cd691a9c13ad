package dev.soulbox.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.awaitility.Awaitility.await;

import dev.soulbox.orchestrator.WebPort;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.runtime.SandboxState;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpGatewayWebsockifyTest {
  private static final String ID = "desktop0000000000001";
  private static final String TOKEN = "vnc-token-1";

  private final Metrics metrics = new Metrics();
  private final MapSandboxDirectory directory = new MapSandboxDirectory();
  private final HttpClient client = HttpClient.newHttpClient();
  private TcpEchoBackend vnc;
  private HttpGateway gateway;

  @BeforeEach
  void start() throws Exception {
    vnc = new TcpEchoBackend();
    directory.add(ID, SandboxState.RUNNING, vnc.address());
    directory.addVncToken(TOKEN, ID);
    gateway = WebPort.create("127.0.0.1", 0, directory, metrics, HttpGatewayOptions.defaults()).start();
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    vnc.close();
  }

  @Test
  void binaryFrames_flowBothWays() throws Exception {
    BinaryCollector received = new BinaryCollector();
    WebSocket ws = connect(TOKEN, received);

    assertThat(ws.getSubprotocol()).isEqualTo("binary");
    received.awaitBytes(TcpEchoBackend.GREETING.length());
    assertThat(received.text()).isEqualTo(TcpEchoBackend.GREETING);

    ws.sendBinary(ByteBuffer.wrap("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII)), true).get(5, TimeUnit.SECONDS);
    received.awaitBytes(2 * TcpEchoBackend.GREETING.length());
    assertThat(received.text()).isEqualTo(TcpEchoBackend.GREETING + "RFB 003.008\n");
    assertThat(metrics.render()).contains("soulbox_http_bridges_active{kind=\"vnc\"} 1")
        .contains("soulbox_http_requests_total{route=\"websockify\",status=\"101\"} 1");

    ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> metrics.render().contains("soulbox_http_bridges_active{kind=\"vnc\"} 0"));
  }

  @Test
  void vncServerClosing_closesTheWebSocketCleanly() throws Exception {
    CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    BinaryCollector received = new BinaryCollector() {
      @Override
      public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
      }
    };
    connect(TOKEN, received);
    received.awaitBytes(TcpEchoBackend.GREETING.length());

    vnc.dropConnections();

    assertThat(closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
  }

  @Test
  void largeMessages_arriveWhole() throws Exception {
    BinaryCollector received = new BinaryCollector();
    WebSocket ws = connect(TOKEN, received);
    received.awaitBytes(TcpEchoBackend.GREETING.length());
    byte[] big = HttpBackend.pattern(3 * HttpBackend.MIB);

    ws.sendBinary(ByteBuffer.wrap(big), true).get(10, TimeUnit.SECONDS);

    received.awaitBytes(TcpEchoBackend.GREETING.length() + big.length);
    byte[] all = received.bytes();
    assertThat(ByteBuffer.wrap(all, TcpEchoBackend.GREETING.length(), big.length)).isEqualTo(ByteBuffer.wrap(big));
    assertThat(metrics.render()).doesNotContain("soulbox_http_bridged_bytes{kind=\"vnc\",direction=\"to_sandbox\"} 0");
  }

  @Test
  void unknownToken_isForbiddenBeforeTheUpgrade() throws Exception {
    assertThat(handshakeStatus("nope")).isEqualTo(403);
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      RawHttpClient.Response response = raw.get("localhost", "/websockify?token=nope");

      assertThat(response.status()).isEqualTo(403);
      assertThat(response.body()).contains("this VNC token opens no sandbox").doesNotContain("nope");
    }
    assertThat(vnc.connections()).isZero();
  }

  @Test
  void missingToken_isBadRequest() throws Exception {
    assertThat(handshakeStatus("")).isEqualTo(400);
  }

  @Test
  void pausedSandbox_isServiceUnavailable() throws Exception {
    directory.add(ID, SandboxState.PAUSED, vnc.address());

    assertThat(handshakeStatus(TOKEN)).isEqualTo(503);
  }

  @Test
  void sandboxWithoutVnc_isNotFound() throws Exception {
    directory.add(ID, SandboxState.RUNNING, null);

    assertThat(handshakeStatus(TOKEN)).isEqualTo(404);
  }

  @Test
  void removedSandbox_tokenIsForbidden() throws Exception {
    directory.remove(ID);

    assertThat(handshakeStatus(TOKEN)).isEqualTo(403);
  }

  @Test
  void vncServerDown_isBadGateway() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    directory.add(ID, SandboxState.RUNNING, new InetSocketAddress("127.0.0.1", closedPort));

    assertThat(handshakeStatus(TOKEN)).isEqualTo(502);
  }

  @Test
  void plainGet_withAGoodToken_isUpgradeRequired() throws Exception {
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      RawHttpClient.Response response = raw.get("localhost", "/websockify?token=" + TOKEN);

      assertThat(response.status()).isEqualTo(426);
      assertThat(response.header("upgrade")).isEqualTo("websocket");
    }
    assertThat(vnc.connections()).isZero();
  }

  private WebSocket connect(String token, WebSocket.Listener listener) throws Exception {
    return client.newWebSocketBuilder().subprotocols("binary")
        .buildAsync(URI.create("ws://127.0.0.1:" + gateway.port() + "/websockify?token=" + token), listener)
        .get(10, TimeUnit.SECONDS);
  }

  private int handshakeStatus(String token) throws Exception {
    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> connect(token, new BinaryCollector()));
    assertThat(failure.getCause()).isInstanceOf(WebSocketHandshakeException.class);
    return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
  }

  /** Gathers the binary messages a WebSocket receives into one byte stream. */
  static class BinaryCollector implements WebSocket.Listener {
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      synchronized (received) {
        received.writeBytes(bytes);
      }
      webSocket.request(1);
      return null;
    }

    byte[] bytes() {
      synchronized (received) {
        return received.toByteArray();
      }
    }

    String text() {
      return new String(bytes(), StandardCharsets.US_ASCII);
    }

    void awaitBytes(int count) {
      await().atMost(Duration.ofSeconds(20)).until(() -> bytes().length >= count);
    }
  }
}
