package dev.soulbox.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.soulbox.orchestrator.api.PublicUrls;
import dev.soulbox.orchestrator.lifecycle.FakeRuntime;
import dev.soulbox.orchestrator.lifecycle.FakeTemplates;
import dev.soulbox.orchestrator.lifecycle.SandboxRequest;
import dev.soulbox.orchestrator.lifecycle.SandboxSettings;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrchestratorTest {
  @TempDir
  Path stateDir;
  @TempDir
  Path tokenDir;

  private Orchestrator start(FakeRuntime runtime) {
    return Orchestrator.start(new OrchestratorConfig(stateDir,
        SandboxSettings.defaults(FakeRuntime.alwaysReady()), new PublicUrls("localhost", 7080), tokenDir),
        runtime, new FakeTemplates(), new Metrics());
  }

  @Test
  void websockifyTokenFiles_followTheSandboxesWithVnc() throws Exception {
    FakeRuntime runtime = new FakeRuntime();
    Files.writeString(tokenDir.resolve("aaaaaaaaaaaaaaaaaaaa"), "stale: 127.0.0.1:1\n");
    try (Orchestrator orchestrator = start(runtime)) {
      SandboxInstance desktop = orchestrator.sandboxes().create(
          new SandboxRequest("desktop", Duration.ZERO, Map.of(), Map.of(), true, null));
      String token = orchestrator.sandboxes().vncToken(desktop).orElseThrow();

      assertThat(tokenDir.resolve("aaaaaaaaaaaaaaaaaaaa")).doesNotExist();
      assertThat(Files.readString(tokenDir.resolve(desktop.sandboxId())))
          .isEqualTo(token + ": " + desktop.vnc().getHostString() + ":" + desktop.vnc().getPort() + "\n");

      orchestrator.sandboxes().kill(desktop.sandboxId());

      assertThat(tokenDir.resolve(desktop.sandboxId())).doesNotExist();
    }
  }

  @Test
  void websockifyTokenFiles_areWrittenAgainForSandboxesFoundAfterARestart() throws Exception {
    FakeRuntime runtime = new FakeRuntime();
    String id;
    try (Orchestrator first = start(runtime)) {
      id = first.sandboxes().create(new SandboxRequest("desktop", Duration.ZERO, Map.of(), Map.of(), true, null)).sandboxId();
    }
    Files.delete(tokenDir.resolve(id));

    try (Orchestrator second = start(runtime)) {
      assertThat(tokenDir.resolve(id)).exists();
    }
  }
}
