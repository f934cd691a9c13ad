package dev.soulbox.it.e2b;

import static org.assertj.core.api.Assertions.assertThat;

import dev.soulbox.it.agent.AgentProcess;
import dev.soulbox.it.node.NodeScript;
import dev.soulbox.proto.agent.v1.AgentGrpc;
import dev.soulbox.proto.agent.v1.InfoRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * E2B's own JavaScript SDK, unmodified, at both pinned versions, against a bare agent jar: the SDK
 * in debug mode ({@code E2B_DEBUG=true}) asks no control plane and sends every call to
 * {@code E2B_SANDBOX_URL}, the agent's one port, where the HTTP face answers it.
 */
class E2bAgentIT {
  private static final String[] PACKAGES = {"e2b", "e2b-2.45"};
  private static final String[] SCRIPTS = {
      "sandbox-commands.mjs", "sandbox-pty.mjs", "sandbox-files.mjs", "sandbox-errors.mjs"};

  private static AgentProcess agent;

  @BeforeAll
  static void startAgent() {
    agent = AgentProcess.start();
  }

  @AfterAll
  static void stopAgent() {
    agent.close();
  }

  static Stream<Arguments> scripts() {
    return Stream.of(PACKAGES).flatMap(pkg -> Stream.of(SCRIPTS).map(script -> Arguments.of(pkg, script)));
  }

  @ParameterizedTest(name = "{1} with {0}")
  @MethodSource("scripts")
  void script_passesEveryCheck(String e2bPackage, String script) {
    NodeScript.Result result = NodeScript.run(script, Map.of(
        "E2B_PACKAGE", e2bPackage,
        "E2B_DEBUG", "true",
        "E2B_SANDBOX_URL", "http://127.0.0.1:" + agent.port(),
        "E2B_TEST_ENVD_ACCESS_TOKEN", agent.accessToken(),
        "E2B_TEST_ENVD_VERSION", envdVersion()), Duration.ofMinutes(3));

    assertThat(result.passed()).as(result.describe() + "\n--- agent log\n" + agent.logText()).isTrue();
    assertThat(result.passedChecks()).as(result.describe()).hasSize(NodeScript.checksIn(script));
  }

  /** The envd version the agent reports, which the SDK gates its features on. */
  private static String envdVersion() {
    return agent.authorized(AgentGrpc.newBlockingStub(agent.rawChannel())).withDeadlineAfter(10, TimeUnit.SECONDS)
        .info(InfoRequest.getDefaultInstance()).getEnvdVersion();
  }
}
