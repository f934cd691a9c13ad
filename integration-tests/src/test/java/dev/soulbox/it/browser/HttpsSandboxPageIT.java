package dev.soulbox.it.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.soulbox.it.orchestrator.RawHttp;
import dev.soulbox.it.orchestrator.RunningOrchestrator;
import dev.soulbox.sdk.CommandOptions;
import dev.soulbox.sdk.CreateOptions;
import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SoulBox;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A page served inside a real sandbox, opened by a real Chromium at {@code https://<port>-<id>.localhost:<web port>/}:
 * the address {@code getHost} gives E2B programs. Chromium trusts the orchestrator's local CA the way a user's
 * would, through the NSS database in its {@code HOME}.
 */
class HttpsSandboxPageIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CERTUTIL = Path.of("/usr/bin/certutil");

  @RegisterExtension
  static final RunningOrchestrator orchestrator = new RunningOrchestrator();

  private static Sandbox sandbox;
  private static URI page;

  @TempDir
  Path dir;

  @BeforeAll
  static void serveAPage() {
    assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed");
    assumeTrue(Files.isExecutable(CERTUTIL), "certutil (libnss3-tools) is not installed");
    sandbox = orchestrator.client().create(CreateOptions.builder().metadata("test", "https-page").build());
    sandbox.commands().start("mkdir -p site && echo '<title>from the sandbox</title><p id=p>served over TLS</p>'"
        + " > site/index.html && exec python3 -m http.server 8000 --directory site", CommandOptions.builder().tag("web").build());
    URI plain = sandbox.exposePort(8000);
    page = URI.create("https://" + plain.getHost() + ":" + plain.getPort() + "/");
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.kill();
    }
  }

  @Test
  void chromiumTrustingTheLocalCa_showsThePage() throws Exception {
    Path home = nssHome(orchestrator.stateDir().resolve("tls/ca.crt"));

    String dom = awaitDom(home, "served over TLS");

    assertThat(dom).contains("<title>from the sandbox</title>").contains("served over TLS");
  }

  @Test
  void chromiumWithoutTheCa_refusesThePage() throws Exception {
    awaitServedOverPlainHttp();
    Path home = nssHome(null);

    String dom = dumpDom(home);

    assertThat(dom).doesNotContain("served over TLS");
  }

  /** Waits until the sandbox's server answers through the web port without TLS, so a refusal is the certificate's. */
  private static void awaitServedOverPlainHttp() {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
        RawHttp.get(orchestrator.httpPort(), page.getHost() + ":" + page.getPort(), "/")).contains("served over TLS"));
  }

  /** The page's DOM once it shows {@code text}: the server in the sandbox may still be starting. */
  private String awaitDom(Path home, String text) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String dom = dumpDom(home);
    while (!dom.contains(text) && System.nanoTime() < deadline) {
      Thread.sleep(500);
      dom = dumpDom(home);
    }
    return dom;
  }

  private String dumpDom(Path home) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--user-data-dir=" + dir.resolve("profile"), "--dump-dom", page.toString())
        .redirectError(dir.resolve("chromium.log").toFile());
    builder.environment().put("HOME", home.toString());
    Process process = builder.start();
    String dom = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return dom;
  }

  /** A home directory whose NSS database trusts {@code caFile} (none: trusts nothing of ours) for web sites. */
  private Path nssHome(Path caFile) throws IOException, InterruptedException {
    Path home = dir.resolve("home");
    Path nssdb = Files.createDirectories(home.resolve(".pki/nssdb"));
    run(CERTUTIL.toString(), "-d", "sql:" + nssdb, "-N", "--empty-password");
    if (caFile != null) {
      run(CERTUTIL.toString(), "-d", "sql:" + nssdb, "-A", "-t", "C,,", "-n", "SoulBox local CA", "-i", caFile.toString());
    }
    return home;
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
  }
}
