package dev.soulbox.it.e2b;

import static org.assertj.core.api.Assertions.assertThat;

import dev.soulbox.it.node.NodeScript;
import dev.soulbox.it.orchestrator.OrchestratorProcess;
import dev.soulbox.it.orchestrator.OrchestratorProcess.Docker;
import dev.soulbox.it.orchestrator.RunningOrchestrator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * E2B's desktop SDK ({@code @e2b/desktop}), unmodified, against a real orchestrator and the {@code desktop} template
 * on Docker ({@code e2b-js/desktop.mjs}): create, a page served in the sandbox opened in its Chromium, screenshots read
 * pixel by pixel, every mouse and keyboard call acting on that page, window queries, {@code launch}, the SDK's noVNC
 * stream drawn in a headless Chromium of this machine (with and without {@code requireAuth}), SoulBox's own VNC
 * server surviving the stream's {@code stop()}, and the sandbox's Chromium driven from outside with Playwright's
 * {@code connectOverCDP} through the port route {@code 9222-<id>.localhost}. The screenshots it takes are kept in
 * {@code target/screenshots/e2b-desktop}.
 */
class E2bDesktopIT {
  private static final String SCRIPT = "desktop.mjs";

  @RegisterExtension
  static final RunningOrchestrator orchestrator = new RunningOrchestrator();

  @BeforeAll
  static void start() {
    Docker.requireImage("soulbox/desktop:latest");
  }

  @Test
  void desktopSdk_passesEveryCheck_onTheDesktopTemplate() {
    String url = "http://127.0.0.1:" + orchestrator.httpPort();
    Path screenshots = Path.of("target", "screenshots", "e2b-desktop").toAbsolutePath();
    NodeScript.Result result = NodeScript.run(SCRIPT, Map.of(
        "E2B_API_URL", url,
        "E2B_SANDBOX_URL", url,
        "E2B_API_KEY", OrchestratorProcess.API_KEY,
        "SCREENSHOT_DIR", screenshots.toString()), Duration.ofMinutes(4));

    String log = orchestrator.logText();
    assertThat(result.passed()).as(result.describe() + "\n--- orchestrator log tail\n"
        + log.substring(Math.max(0, log.length() - 4000))).isTrue();
    assertThat(result.passedChecks()).as(result.describe()).hasSize(NodeScript.checksIn(SCRIPT));
    assertThat(orchestrator.client().list()).as("the script's sandbox is gone after its kill()").isEmpty();
  }
}
