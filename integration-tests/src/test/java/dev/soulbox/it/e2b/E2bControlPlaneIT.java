package dev.soulbox.it.e2b;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.soulbox.it.node.NodeScript;
import dev.soulbox.it.orchestrator.OrchestratorProcess;
import dev.soulbox.it.orchestrator.RunningOrchestrator;
import dev.soulbox.sdk.Sandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * E2B's own JavaScript SDK, unmodified, at both tested versions, against the real orchestrator with nothing but
 * {@code E2B_API_URL}, {@code E2B_SANDBOX_URL} and {@code E2B_API_KEY} set: the control plane from create to kill.
 * What happens inside the sandboxes is checked with SoulBox's Java SDK.
 */
class E2bControlPlaneIT {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

  @RegisterExtension
  static final RunningOrchestrator orchestrator = new RunningOrchestrator();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"e2b", "e2b-2.45"})
  void createListPauseConnectKill(String sdk) {
    String run = "run-" + UUID.randomUUID().toString().substring(0, 8);
    NodeScript.Result created = run("control-create.mjs", sdk, Map.of("SOULBOX_RUN", run));
    List<String> ids = new ArrayList<>();
    detail(created, "created").getAsJsonArray("ids").forEach(e -> ids.add(e.getAsString()));
    assertThat(ids).hasSize(3);
    assertThat(detail(created, "getInfo").get("sandboxDomain").getAsString())
        .isEqualTo("localhost:" + orchestrator.httpPort());
    assertThat(detail(created, "create").get("host").getAsString())
        .isEqualTo("8000-" + ids.get(0) + ".localhost:" + orchestrator.httpPort());

    try (Sandbox first = orchestrator.client().connect(ids.get(0)).keepOnClose()) {
      assertThat(first.commands().run("printf %s \"$GREETING\"").stdout()).isEqualTo("hello from e2b");
      first.files().write("survives.txt", "written before the pause");
      first.commands().run("sleep 600 >/dev/null 2>&1 &");
    }

    NodeScript.Result paused = run("control-pause.mjs", sdk, Map.of("SOULBOX_RUN", run, "SANDBOX_ID", ids.get(0)));
    assertThat(paused.passedChecks()).hasSize(3);

    try (Sandbox first = orchestrator.client().connect(ids.get(0)).keepOnClose()) {
      assertThat(first.files().read("survives.txt")).isEqualTo("written before the pause");
      assertThat(first.commands().run("pgrep -f 'sleep 600' >/dev/null && echo alive").stdout()).isEqualTo("alive\n");
    }

    run("control-kill.mjs", sdk, Map.of("SOULBOX_RUN", run, "SANDBOX_IDS", String.join(",", ids)));
    assertThat(orchestrator.client().list().stream().filter(s -> ids.contains(s.sandboxId()))).isEmpty();
  }

  private static NodeScript.Result run(String script, String sdk, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    String url = "http://127.0.0.1:" + orchestrator.httpPort();
    env.put("E2B_API_URL", url);
    env.put("E2B_SANDBOX_URL", url);
    env.put("E2B_API_KEY", OrchestratorProcess.API_KEY);
    env.put("E2B_PACKAGE", sdk);
    NodeScript.Result result = NodeScript.run(script, env, SCRIPT_TIMEOUT);
    result.passedChecks().forEach(line -> System.out.println(sdk + " " + script + " " + line));
    assertThat(result.passed()).as(script + " with " + sdk + ":\n" + result.describe() + "\n--- orchestrator log tail\n"
        + tail(orchestrator.logText())).isTrue();
    return result;
  }

  /** The detail the script printed with check {@code name}. */
  static JsonObject detail(NodeScript.Result result, String name) {
    return result.passedChecks().stream().map(line -> JsonParser.parseString(line).getAsJsonObject())
        .filter(o -> o.get("check").getAsString().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in\n" + result.describe()))
        .getAsJsonObject("detail");
  }

  private static String tail(String log) {
    return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
  }
}
