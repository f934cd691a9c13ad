package dev.soulbox.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.awaitility.Awaitility.await;

import dev.soulbox.orchestrator.WebPort;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.runtime.SandboxState;
import dev.soulbox.orchestrator.runtime.VncPassword;
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
import java.util.Arrays;
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
  private RfbEchoBackend vnc;
  private HttpGateway gateway;

  @BeforeEach
  void start() throws Exception {
    vnc = new RfbEchoBackend(VncPassword.of(TOKEN), 0);
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
    handshake(ws, received);
    assertThat(vnc.authenticated()).isEqualTo(1);

    ws.sendBinary(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)), true).get(5, TimeUnit.SECONDS);
    received.awaitBytes(HANDSHAKE + 4);
    assertThat(received.text().substring(HANDSHAKE)).isEqualTo("ping");
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
    handshake(connect(TOKEN, received), received);

    vnc.dropConnections();

    assertThat(closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
  }

  @Test
  void largeMessages_arriveWhole() throws Exception {
    BinaryCollector received = new BinaryCollector();
    WebSocket ws = connect(TOKEN, received);
    handshake(ws, received);
    byte[] big = HttpBackend.pattern(3 * HttpBackend.MIB);

    ws.sendBinary(ByteBuffer.wrap(big), true).get(10, TimeUnit.SECONDS);

    received.awaitBytes(HANDSHAKE + big.length);
    byte[] all = received.bytes();
    assertThat(ByteBuffer.wrap(all, HANDSHAKE, big.length)).isEqualTo(ByteBuffer.wrap(big));
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

  @Test
  void theViewerIsOfferedNoAuthentication_andTheBridgeAnswersTheServersChallenge() throws Exception {
    BinaryCollector received = new BinaryCollector();
    WebSocket ws = connect(TOKEN, received);

    received.awaitBytes(12);
    assertThat(received.text()).isEqualTo("RFB 003.008\n");
    ws.sendBinary(ascii("RFB 003.008\n"), true).get(5, TimeUnit.SECONDS);
    received.awaitBytes(14);
    assertThat(Arrays.copyOfRange(received.bytes(), 12, 14)).containsExactly(1, 1); // one type: none
    ws.sendBinary(ByteBuffer.wrap(new byte[] {1}), true).get(5, TimeUnit.SECONDS);
    received.awaitBytes(18);
    assertThat(Arrays.copyOfRange(received.bytes(), 14, 18)).containsExactly(0, 0, 0, 0); // SecurityResult OK

    assertThat(vnc.authenticated()).isEqualTo(1);
  }

  @Test
  void aVncServerStillStarting_isWaitedFor() throws Exception {
    vnc.close();
    vnc = new RfbEchoBackend(VncPassword.of(TOKEN), 5); // Docker's port accepts and closes, five times
    directory.add(ID, SandboxState.RUNNING, vnc.address());
    BinaryCollector received = new BinaryCollector();

    handshake(connect(TOKEN, received), received);

    assertThat(vnc.connections()).isEqualTo(6);
    assertThat(vnc.authenticated()).isEqualTo(1);
  }

  @Test
  void aVncServerRefusingThePassword_isBadGateway() throws Exception {
    vnc.close();
    vnc = new RfbEchoBackend("not-the-sandbox-password", 0);
    directory.add(ID, SandboxState.RUNNING, vnc.address());

    assertThat(handshakeStatus(TOKEN)).isEqualTo(502);
    assertThat(vnc.connections()).isEqualTo(1);
  }

  /** What the bridge sends a viewer before the server's first message: version, security types, result. */
  private static final int HANDSHAKE = 12 + 2 + 4;

  /** Goes through the bridge's RFB handshake as a 3.8 viewer that picks none. */
  private static void handshake(WebSocket ws, BinaryCollector received) throws Exception {
    received.awaitBytes(12);
    ws.sendBinary(ascii("RFB 003.008\n"), true).get(5, TimeUnit.SECONDS);
    received.awaitBytes(14);
    ws.sendBinary(ByteBuffer.wrap(new byte[] {1}), true).get(5, TimeUnit.SECONDS);
    received.awaitBytes(HANDSHAKE);
  }

  private static ByteBuffer ascii(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
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
