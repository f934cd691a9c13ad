package dev.soulbox.it.e2b;

import static org.assertj.core.api.Assertions.assertThat;

import dev.soulbox.it.node.NodeScript;
import dev.soulbox.it.orchestrator.OrchestratorProcess;
import dev.soulbox.it.orchestrator.RunningOrchestrator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seeds' Socket.IO API and its REST face, as the front ends written against them use it: the real
 * {@code socket.io-client} from npm, over each transport, against a real orchestrator and sandboxes on Docker
 * (socketio.mjs: rooms, live output to two sockets, stdin, a terminal with replay, scoped tokens, REST execution,
 * recovery of the events a dropped socket missed).
 */
class SocketIoIT {
  @RegisterExtension
  static final RunningOrchestrator orchestrator = new RunningOrchestrator();

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"websocket", "polling"})
  void socketIoClient_passesEveryCheck(String transport) {
    String url = "http://127.0.0.1:" + orchestrator.httpPort();
    NodeScript.Result result = NodeScript.run("socketio.mjs", Map.of(
        "SOCKETIO_TRANSPORT", transport,
        "E2B_API_URL", url,
        "E2B_SANDBOX_URL", url,
        "E2B_API_KEY", OrchestratorProcess.API_KEY), Duration.ofMinutes(3));

    String log = orchestrator.logText();
    assertThat(result.passed()).as(result.describe() + "\n--- orchestrator log tail\n"
        + log.substring(Math.max(0, log.length() - 4000))).isTrue();
    assertThat(result.passedChecks()).as(result.describe()).hasSize(NodeScript.checksIn("socketio.mjs"));
  }
}
