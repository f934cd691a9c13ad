package dev.soulbox.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.soulbox.orchestrator.WebPort;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.runtime.SandboxState;
import dev.soulbox.orchestrator.tls.HostCertificates;
import dev.soulbox.orchestrator.tls.LocalCa;
import dev.soulbox.orchestrator.tls.ServedNames;
import dev.soulbox.orchestrator.vnc.HeadlessChromium;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sandbox port over HTTPS in a real headless Chromium, which trusts the local CA the way a user's does: through the
 * NSS database in its {@code HOME}, filled with {@code certutil}.
 */
class HttpGatewayTlsBrowserTest {
  private static final String ID = "abcdefghij0123456789";
  private static final Path CERTUTIL = Path.of("/usr/bin/certutil");

  @TempDir
  Path dir;

  private LocalCa ca;
  private HttpBackend web;
  private WebSocketEchoBackend echo;
  private HttpGateway gateway;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(Files.isExecutable(HeadlessChromium.BINARY), "chromium is not installed");
    assumeTrue(Files.isExecutable(CERTUTIL), "certutil (libnss3-tools) is not installed");
    ServedNames names = ServedNames.forPublicHost("localhost");
    ca = LocalCa.openOrCreate(dir.resolve("state"), names, Clock.systemUTC());
    web = new HttpBackend();
    echo = new WebSocketEchoBackend();
    MapSandboxDirectory directory = new MapSandboxDirectory();
    directory.add(ID, SandboxState.RUNNING, null);
    gateway = WebPort.create("127.0.0.1", 0, directory, new Metrics(),
        HttpGatewayOptions.defaults().withTls(new HostCertificates(ca, names, Clock.systemUTC()))).start();
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
      echo.close();
      web.close();
    }
  }

  @Test
  void chromium_showsASandboxPortOverHttps_andItsWebSocket() throws Exception {
    String host = web.port() + "-" + ID + ".localhost:" + gateway.port();
    String echoHost = echo.port() + "-" + ID + ".localhost:" + gateway.port();

    try (HeadlessChromium chromium = new HeadlessChromium(dir.resolve("chromium"), "https://" + host + "/hello",
        Map.of("HOME", homeTrusting(ca.certificateFile()).toString()))) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> chromium.evaluate("document.body ? document.body.innerText : ''").startsWith("\"hello"));

      assertThat(chromium.evaluate("document.body.innerText")).startsWith("\"hello path=/hello host=" + host + " conn=");
      assertThat(chromium.evaluate("location.protocol")).isEqualTo("\"https:\"");
      chromium.evaluate("(() => { const ws = new WebSocket('wss://" + echoHost + "/echo');"
          + " ws.onopen = () => ws.send('from chromium'); ws.onmessage = (e) => { window.reply = e.data; }; })()");
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
          .until(() -> chromium.evaluate("window.reply || ''").equals("\"echo: from chromium\""));
    }
  }

  @Test
  void chromium_withoutTheCa_showsAnError() throws Exception {
    String url = "https://" + web.port() + "-" + ID + ".localhost:" + gateway.port() + "/hello";

    try (HeadlessChromium chromium = new HeadlessChromium(dir.resolve("chromium"), url,
        Map.of("HOME", homeTrusting(null).toString()))) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> chromium.evaluate("document.title").equals("\"Privacy error\""));

      assertThat(chromium.evaluate("document.body.innerText")).doesNotContain("hello path=");
    }
  }

  /** A home directory whose NSS database (where Chromium on Linux keeps user trust) trusts {@code caFile} for sites. */
  private Path homeTrusting(Path caFile) throws Exception {
    Path home = dir.resolve("home");
    Path nssdb = Files.createDirectories(home.resolve(".pki/nssdb"));
    certutil("-d", "sql:" + nssdb, "-N", "--empty-password");
    if (caFile != null) {
      certutil("-d", "sql:" + nssdb, "-A", "-t", "C,,", "-n", "SoulBox local CA", "-i", caFile.toString());
    }
    return home;
  }

  private static void certutil(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(CERTUTIL.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("certutil " + String.join(" ", args) + ": " + output).isZero();
  }
}
