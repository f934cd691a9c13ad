package dev.soulbox.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.soulbox.orchestrator.WebPort;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.runtime.SandboxState;
import dev.soulbox.orchestrator.runtime.VncPassword;
import dev.soulbox.orchestrator.tls.HostCertificates;
import dev.soulbox.orchestrator.tls.LocalCa;
import dev.soulbox.orchestrator.tls.ServedNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS and plain HTTP on one web port, with certificates from a local CA, against clients that trust only that CA. */
class HttpGatewayTlsTest {
  private static final String ID = "abcdefghij0123456789";
  private static final String DESKTOP_ID = "desktop0000000000001";
  private static final Path NODE_SCRIPT = Path.of("src/test/node/tls-get.mjs");

  @TempDir
  Path stateDir;

  private final MapSandboxDirectory directory = new MapSandboxDirectory();
  private LocalCa ca;
  private SSLContext trustingTheCa;
  private HttpBackend web;
  private WebSocketEchoBackend echo;
  private HttpGateway gateway;

  @BeforeEach
  void start() throws Exception {
    ServedNames names = ServedNames.forPublicHost("localhost");
    ca = LocalCa.openOrCreate(stateDir, names, Clock.systemUTC());
    trustingTheCa = trusting(ca.certificate());
    web = new HttpBackend();
    echo = new WebSocketEchoBackend();
    directory.add(ID, SandboxState.RUNNING, null);
    gateway = WebPort.create("127.0.0.1", 0, directory, new Metrics(),
        HttpGatewayOptions.defaults().withTls(new HostCertificates(ca, names, Clock.systemUTC()))).start();
  }

  @AfterEach
  void stop() {
    gateway.close();
    echo.close();
    web.close();
  }

  @Test
  void https_localhost_servesTheGatewaysOwnRoutesOverHttp11() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trustingTheCa).build();

    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
        URI.create("https://localhost:" + gateway.port() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.version()).as("ALPN offers http/1.1 only").isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(response.sslSession().orElseThrow().getPeerCertificates()[1]).isEqualTo(ca.certificate());
  }

  @Test
  void https_byLoopbackAddress_getsTheCertificateForIt() throws Exception {
    HttpResponse<String> response = HttpClient.newBuilder().sslContext(trustingTheCa).build().send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gateway.port() + "/healthz")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void plainHttp_onTheSamePort_stillWorks() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + gateway.port() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    try (RawHttpClient raw = new RawHttpClient(gateway.port())) {
      assertThat(raw.get(web.port() + "-" + ID + ".localhost", "/hello").body()).startsWith("hello path=/hello");
    }
  }

  @Test
  void sandboxPort_byHostAndSni_reachesTheBackendByteForByte() throws Exception {
    String host = web.port() + "-" + ID + ".localhost";
    try (SSLSocket socket = tls(host); RawHttpClient raw = new RawHttpClient(socket)) {
      X509Certificate presented = (X509Certificate) socket.getSession().getPeerCertificates()[0];
      assertThat(presented.getSubjectAlternativeNames()).containsExactly(List.of(2, host));

      assertThat(raw.get(host + ":" + gateway.port(), "/hello").body())
          .startsWith("hello path=/hello host=" + host + ":" + gateway.port() + " conn=");

      byte[] body = HttpBackend.pattern(3 * HttpBackend.MIB + 7);
      raw.output().write(("POST /upload HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      raw.output().write(body);
      assertThat(raw.read().body()).isEqualTo("bytes=" + body.length + " sha256="
          + HexFormat.of().formatHex(HttpBackend.sha256().digest(body)));
    }
  }

  @Test
  void webSocket_byHostAndSni_upgradesThroughTheBridge() throws Exception {
    String host = echo.port() + "-" + ID + ".localhost";
    try (RawHttpClient raw = new RawHttpClient(tls(host))) {
      RawHttpClient.Response upgrade = raw.send("GET /echo HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
      assertThat(upgrade.status()).isEqualTo(101);
      assertThat(upgrade.header("sec-websocket-accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");

      sendText(raw.output(), "over tls");
      assertThat(readText(raw.input())).isEqualTo("echo: over tls");
    }
  }

  @Test
  void webSocket_byE2bHeaders_overTls() throws Exception {
    LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocket ws = HttpClient.newBuilder().sslContext(trustingTheCa).build().newWebSocketBuilder()
        .header("E2b-Sandbox-Id", ID)
        .header("E2b-Sandbox-Port", String.valueOf(echo.port()))
        .buildAsync(URI.create("wss://localhost:" + gateway.port() + "/echo"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            received.add(data.toString());
            webSocket.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);

    ws.sendText("hi", true).get(5, TimeUnit.SECONDS);

    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo: hi");
    ws.abort();
  }

  @Test
  void websockify_overTls_reachesTheDesktop() throws Exception {
    try (RfbEchoBackend vnc = new RfbEchoBackend(VncPassword.of("vnc-token"), 0)) {
      directory.add(DESKTOP_ID, SandboxState.RUNNING, vnc.address());
      directory.addVncToken("vnc-token", DESKTOP_ID);
      StringBuffer received = new StringBuffer();

      WebSocket ws = HttpClient.newBuilder().sslContext(trustingTheCa).build().newWebSocketBuilder()
          .subprotocols("binary")
          .buildAsync(URI.create("wss://localhost:" + gateway.port() + "/websockify?token=vnc-token"),
              new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                  received.append(StandardCharsets.US_ASCII.decode(data));
                  webSocket.request(1);
                  return null;
                }
              }).get(10, TimeUnit.SECONDS);

      await().atMost(Duration.ofSeconds(10)).until(() -> received.length() >= 12);
      assertThat(received.toString()).isEqualTo("RFB 003.008\n");
      ws.abort();
    }
  }

  @Test
  void aNameUnderLocalhostThatIsNoSandboxPort_getsTheGatewaysRoutes() throws Exception {
    try (RawHttpClient raw = new RawHttpClient(tls("api.localhost"))) {
      assertThat(raw.get("api.localhost:" + gateway.port(), "/healthz").status()).isEqualTo(200);
    }
  }

  @Test
  void aForeignServerName_failsTheHandshake() {
    assertThatThrownBy(() -> tls("example.com").close())
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("handshake_failure");
  }

  @Test
  void node_getsASandboxPortWithItsOwnChecks_trustingTheCaByNodeExtraCaCerts() throws Exception {
    assumeTrue(nodeIsInstalled(), "node is not installed");
    String host = web.port() + "-" + ID + ".localhost";
    String url = "https://" + host + ":" + gateway.port() + "/hello";

    Result trusted = node(url, ca.certificateFile());
    Result untrusted = node(url, null);

    assertThat(trusted.exitCode()).as(trusted.output()).isZero();
    assertThat(trusted.output()).startsWith("200 DNS:" + host + "\nhello path=/hello host=" + host + ":" + gateway.port());
    assertThat(untrusted.exitCode()).isNotZero();
    assertThat(untrusted.output()).contains("SELF_SIGNED_CERT_IN_CHAIN");
  }

  private record Result(int exitCode, String output) {}

  private static Result node(String url, Path extraCaCerts) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("node", NODE_SCRIPT.toString(), url).redirectErrorStream(true);
    builder.environment().remove("NODE_EXTRA_CA_CERTS");
    if (extraCaCerts != null) {
      builder.environment().put("NODE_EXTRA_CA_CERTS", extraCaCerts.toString());
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private static boolean nodeIsInstalled() {
    try {
      return Files.exists(NODE_SCRIPT) && new ProcessBuilder("node", "--version").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** A TLS connection to the gateway that names {@code serverName} (SNI) and checks the certificate is for it. */
  private SSLSocket tls(String serverName) throws IOException {
    SSLSocket socket = (SSLSocket) trustingTheCa.getSocketFactory().createSocket("127.0.0.1", gateway.port());
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setServerNames(List.of(new SNIHostName(serverName)));
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    try {
      socket.startHandshake();
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return socket;
  }

  static SSLContext trusting(X509Certificate ca) throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("soulbox", ca);
    TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  /** One masked text frame, as a client sends it. */
  private static void sendText(OutputStream out, String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = {0x11, 0x22, 0x33, 0x44};
    out.write(0x81);
    out.write(0x80 | payload.length);
    out.write(mask);
    for (int i = 0; i < payload.length; i++) {
      out.write(payload[i] ^ mask[i % 4]);
    }
    out.flush();
  }

  /** One short unmasked text frame, as a server sends it. */
  private static String readText(InputStream in) throws IOException {
    assertThat(in.read()).as("FIN and text opcode").isEqualTo(0x81);
    int length = in.read();
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
