package dev.soulbox.orchestrator.vnc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.soulbox.orchestrator.WebPort;
import dev.soulbox.orchestrator.http.HttpGateway;
import dev.soulbox.orchestrator.http.HttpGatewayOptions;
import dev.soulbox.orchestrator.http.MapSandboxDirectory;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.runtime.SandboxState;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled noVNC page in a real headless Chromium, through the gateway's websockify to a VNC server. */
class VncBrowserTest {
  private static final String ID = "desktop0000000000001";
  private static final String TOKEN = "browser-token";

  @TempDir
  Path chromiumDir;

  @Test
  void noVncPage_connectsThroughWebsockify() throws Exception {
    assumeTrue(Files.isExecutable(HeadlessChromium.BINARY), "chromium is not installed");
    MapSandboxDirectory directory = new MapSandboxDirectory();
    Metrics metrics = new Metrics();
    try (FakeVncServer vnc = new FakeVncServer();
         HttpGateway gateway = WebPort.create("127.0.0.1", 0, directory, metrics, HttpGatewayOptions.defaults()).start()) {
      directory.add(ID, SandboxState.RUNNING, vnc.address());
      directory.addVncToken(TOKEN, ID);

      try (HeadlessChromium chromium = new HeadlessChromium(chromiumDir, VncLinks.of(URI.create("http://localhost:" + gateway.port()), TOKEN).novncUrl())) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
            .until(() -> chromium.evaluate("document.body.dataset.state").equals("\"connected\""));

        assertThat(chromium.evaluate("document.getElementById('status').textContent"))
            .isEqualTo("\"Connected to " + FakeVncServer.NAME + "\"");
        assertThat(chromium.evaluate("document.querySelector('#screen canvas') !== null")).isEqualTo("true");
        await().atMost(Duration.ofSeconds(20)).until(() -> vnc.messages().contains("FramebufferUpdateRequest"));
        assertThat(vnc.messages()).startsWith("version RFB 003.008", "ClientInit").contains("SetEncodings");
        assertThat(metrics.render()).contains("soulbox_http_bridges_active{kind=\"vnc\"} 1");
      }
    }
  }

  @Test
  void noVncPage_withABadToken_saysTheConnectionFailed() throws Exception {
    assumeTrue(Files.isExecutable(HeadlessChromium.BINARY), "chromium is not installed");
    try (HttpGateway gateway = WebPort.create("127.0.0.1", 0, new MapSandboxDirectory(), new Metrics(),
        HttpGatewayOptions.defaults()).start();
         HeadlessChromium chromium = new HeadlessChromium(chromiumDir, VncLinks.of(URI.create("http://localhost:" + gateway.port()), "expired").novncUrl())) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> chromium.evaluate("document.body.dataset.state").equals("\"failed\""));
    }
  }
}
