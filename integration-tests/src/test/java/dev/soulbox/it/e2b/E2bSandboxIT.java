package dev.soulbox.it.e2b;

import static org.assertj.core.api.Assertions.assertThat;

import dev.soulbox.it.node.NodeScript;
import dev.soulbox.it.orchestrator.OrchestratorProcess;
import dev.soulbox.it.orchestrator.RunningOrchestrator;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The in-sandbox scripts that {@link E2bAgentIT} runs against a bare agent, run here as an E2B program runs them:
 * E2B's JavaScript SDK, unmodified, at both tested versions, with only {@code E2B_API_URL}, {@code E2B_SANDBOX_URL}
 * and {@code E2B_API_KEY} pointing at a real orchestrator. Each script creates a real sandbox on Docker with
 * {@code Sandbox.create()} (secure, so the SDK presents the access token the orchestrator issued), drives it through
 * the orchestrator's header routes and kills it.
 */
class E2bSandboxIT {
  private static final String[] PACKAGES = {"e2b", "e2b-2.45"};
  private static final String[] SCRIPTS = {
      "sandbox-commands.mjs", "sandbox-pty.mjs", "sandbox-files.mjs", "sandbox-errors.mjs"};

  @RegisterExtension
  static final RunningOrchestrator orchestrator = new RunningOrchestrator();

  static Stream<Arguments> scripts() {
    return Stream.of(PACKAGES).flatMap(pkg -> Stream.of(SCRIPTS).map(script -> Arguments.of(pkg, script)));
  }

  @ParameterizedTest(name = "{1} with {0}")
  @MethodSource("scripts")
  void script_passesEveryCheck_throughTheOrchestrator(String e2bPackage, String script) {
    String url = "http://127.0.0.1:" + orchestrator.httpPort();
    NodeScript.Result result = NodeScript.run(script, Map.of(
        "E2B_PACKAGE", e2bPackage,
        "E2B_API_URL", url,
        "E2B_SANDBOX_URL", url,
        "E2B_API_KEY", OrchestratorProcess.API_KEY), Duration.ofMinutes(3));

    String log = orchestrator.logText();
    assertThat(result.passed()).as(result.describe() + "\n--- orchestrator log tail\n"
        + log.substring(Math.max(0, log.length() - 4000))).isTrue();
    assertThat(result.passedChecks()).as(result.describe()).hasSize(NodeScript.checksIn(script));
    assertThat(orchestrator.client().list()).as("the script's sandbox is gone after its kill()").isEmpty();
  }
}
