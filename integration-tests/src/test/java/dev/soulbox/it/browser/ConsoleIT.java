package dev.soulbox.it.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.soulbox.it.node.NodeScript;
import dev.soulbox.it.orchestrator.OrchestratorProcess;
import dev.soulbox.it.orchestrator.OrchestratorProcess.Docker;
import dev.soulbox.it.orchestrator.RunningOrchestrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web console in a real headless Chromium (Debian's, driven by {@code playwright-core}) against a real
 * orchestrator and sandboxes on Docker ({@code e2b-js/console.mjs}): sign-in and its cookie, a sandbox created from
 * the list, the terminal (shared by two tabs, replayed after both close, resized, recorded and replayed), the logs
 * page (stdout, stderr, stdin, exit code, following a running process), the files page (a 24 MiB upload and
 * download compared by hash), the desktop page drawing a {@code desktop} sandbox, and refused tokens. The
 * screenshots it takes are kept in {@code target/screenshots/console}.
 */
class ConsoleIT {
  private static final String SCRIPT = "console.mjs";

  @RegisterExtension
  static final RunningOrchestrator orchestrator = new RunningOrchestrator();

  @BeforeAll
  static void start() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "chromium is not installed");
    Docker.requireImage("soulbox/desktop:latest");
  }

  @Test
  void console_passesEveryCheck_inARealBrowser() {
    String url = "http://127.0.0.1:" + orchestrator.httpPort();
    Path screenshots = Path.of("target", "screenshots", "console").toAbsolutePath();
    NodeScript.Result result = NodeScript.run(SCRIPT, Map.of(
        "E2B_API_URL", url,
        "E2B_SANDBOX_URL", url,
        "E2B_API_KEY", OrchestratorProcess.API_KEY,
        "SCREENSHOT_DIR", screenshots.toString()), Duration.ofMinutes(5));

    String log = orchestrator.logText();
    assertThat(result.passed()).as(result.describe() + "\n--- orchestrator log tail\n"
        + log.substring(Math.max(0, log.length() - 4000))).isTrue();
    assertThat(result.passedChecks()).as(result.describe()).hasSize(NodeScript.checksIn(SCRIPT));
    assertThat(orchestrator.client().list()).as("the script's sandboxes are gone after it ends").isEmpty();
  }
}
