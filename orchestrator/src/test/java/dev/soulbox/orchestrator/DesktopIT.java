package dev.soulbox.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import dev.soulbox.orchestrator.vnc.HeadlessChromium;
import dev.soulbox.proto.orchestrator.v1.CreateSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.KillSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.Sandbox;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A desktop sandbox with VNC: its VNC server answers on the published port despite the dropped capabilities. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DesktopIT {
  @TempDir
  static Path stateDir;

  private OrchestratorHarness harness;

  @BeforeAll
  void start() throws Exception {
    DockerClient docker = OrchestratorHarness.dockerOrSkip();
    harness = OrchestratorHarness.start(docker, stateDir, 20, Duration.ofSeconds(60));
  }

  @AfterAll
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void vnc_isPublishedOnLoopbackAndSpeaksRfb() {
    Sandbox s = harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder().setTemplate("desktop").setVnc(true)
        .build());
    assertThat(s.getVnc().getToken()).hasSize(32);
    assertThat(s.getVnc().getWebsocketUrl()).isEqualTo("ws://localhost:" + harness.httpPort + "/websockify?token=" + s.getVnc().getToken());
    assertThat(s.getVnc().getExpiresAt()).isEqualTo(s.getEndAt());
    InetSocketAddress vnc = OrchestratorHarness.hostAddress(s, "vnc");
    assertThat(vnc.getHostString()).isEqualTo("127.0.0.1");

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(banner(vnc)).startsWith("RFB 003."));
    assertThat(OrchestratorHarness.run(s, "whoami").trim()).isEqualTo("user");
  }

  @Test
  void noVncPage_showsTheDesktop_inARealBrowser(@TempDir Path browserDir) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(HeadlessChromium.BINARY), "chromium is not installed");
    Sandbox s = harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder().setTemplate("desktop").setVnc(true)
        .build());
    assertThat(s.getVnc().getNovncUrl()).startsWith("http://localhost:" + harness.httpPort + "/vnc/?token=");

    try (HeadlessChromium chromium = new HeadlessChromium(browserDir, s.getVnc().getNovncUrl())) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
          .until(() -> chromium.evaluate("document.body.dataset.state").equals("\"connected\""));
      // the remote framebuffer is the sandbox's Xvfb screen, 1280x800
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> chromium.evaluate("document.querySelector('#screen canvas').width").equals("1280"));
    }
  }

  @Test
  void vncPort_withoutTheBridge_offersNoSessionWithoutThePassword() throws Exception {
    Sandbox s = createDesktop();
    InetSocketAddress vnc = OrchestratorHarness.hostAddress(s, "vnc");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(banner(vnc)).startsWith("RFB 003."));

    try (Socket socket = new Socket()) {
      socket.connect(vnc, 1000);
      socket.setSoTimeout(5000);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      in.readFully(new byte[12]);
      out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
      byte[] types = new byte[in.readUnsignedByte()];
      in.readFully(types);
      assertThat(types).doesNotContain((byte) 1).contains((byte) 2); // VNC authentication, never none

      out.write(2);
      in.readFully(new byte[16]); // the challenge
      out.write(new byte[16]); // an answer without the password
      assertThat(in.readInt()).isNotZero();
    }
  }

  @Test
  void websockify_openedTheMomentCreateReturns_getsTheRfbBanner_everyTime() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 20; i++) {
      Sandbox s = createDesktop();
      CompletableFuture<String> banner = new CompletableFuture<>();
      WebSocket ws = http.newWebSocketBuilder().subprotocols("binary")
          .buildAsync(URI.create(s.getVnc().getWebsocketUrl().replace("localhost", "127.0.0.1")), new WebSocket.Listener() {
            private final StringBuilder received = new StringBuilder();

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
              received.append(StandardCharsets.US_ASCII.decode(data));
              if (received.length() >= 12) {
                banner.complete(received.substring(0, 12));
              }
              webSocket.request(1);
              return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
              banner.completeExceptionally(new AssertionError("closed (" + statusCode + " " + reason + ") before a banner"));
              return null;
            }
          }).get(60, TimeUnit.SECONDS);
      try {
        assertThat(banner.get(60, TimeUnit.SECONDS)).as("attempt %d", i + 1).isEqualTo("RFB 003.008\n");
      } finally {
        ws.abort();
        harness.sandboxes.killSandbox(KillSandboxRequest.newBuilder().setSandboxId(s.getSandboxId()).build());
      }
    }
  }

  private Sandbox createDesktop() {
    return harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder().setTemplate("desktop").setVnc(true)
        .build());
  }

  private static String banner(InetSocketAddress address) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(address, 1000);
      socket.setSoTimeout(2000);
      return new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
    }
  }
}
