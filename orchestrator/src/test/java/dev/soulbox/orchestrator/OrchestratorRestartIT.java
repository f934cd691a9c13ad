package dev.soulbox.orchestrator;

import static dev.soulbox.orchestrator.OrchestratorHarness.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.soulbox.proto.orchestrator.v1.CreateSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.ListSandboxesRequest;
import dev.soulbox.proto.orchestrator.v1.PauseSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.ResumeSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.Sandbox;
import dev.soulbox.proto.orchestrator.v1.SandboxState;
import dev.soulbox.proto.orchestrator.v1.SetTimeoutRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A new orchestrator on the same engine and state dir finds every sandbox as it was. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrchestratorRestartIT {
  @TempDir
  static Path stateDir;

  private OrchestratorHarness harness;
  private DockerClient docker;

  @BeforeAll
  void start() throws Exception {
    docker = OrchestratorHarness.dockerOrSkip();
    harness = OrchestratorHarness.start(docker, stateDir, 20, Duration.ofSeconds(60));
  }

  @AfterAll
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void restart_keepsSandboxesTheirEndsAndTokens() throws Exception {
    Sandbox a = harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder().putMetadata("test", "restart").build());
    Sandbox b = harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder().putMetadata("test", "restart").build());
    Sandbox crashed = harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder().putMetadata("test", "restart").build());
    a = harness.sandboxes.setTimeout(SetTimeoutRequest.newBuilder().setSandboxId(a.getSandboxId())
        .setTimeoutSeconds(1234).build()); // an end that only the state dir knows
    b = harness.sandboxes.pauseSandbox(PauseSandboxRequest.newBuilder().setSandboxId(b.getSandboxId()).build());

    harness.restart();
    docker.stopContainerCmd("soulbox-" + crashed.getSandboxId()).withTimeout(1).exec(); // stops while the server is down... 
    harness.restart(); // ...and is found stopped by the next start

    Map<String, Sandbox> listed = harness.sandboxes.listSandboxes(ListSandboxesRequest.newBuilder()
        .putMetadata("test", "restart").build()).getSandboxesList().stream()
        .collect(Collectors.toMap(Sandbox::getSandboxId, Function.identity()));
    assertThat(listed).containsOnlyKeys(a.getSandboxId(), b.getSandboxId());
    assertThat(listed.get(a.getSandboxId()).getEndAt()).isEqualTo(a.getEndAt());
    assertThat(listed.get(a.getSandboxId()).getEnvdAccessToken()).isEqualTo(a.getEnvdAccessToken());
    assertThat(listed.get(a.getSandboxId()).getPortsList()).isEqualTo(a.getPortsList());
    assertThat(listed.get(b.getSandboxId()).getEndAt()).isEqualTo(b.getEndAt());
    assertThat(listed.get(b.getSandboxId()).getState()).isEqualTo(SandboxState.SANDBOX_STATE_PAUSED);
    assertThat(containerExists(crashed.getSandboxId())).isFalse();

    assertThat(run(listed.get(a.getSandboxId()), "whoami").trim()).isEqualTo("user");
    Sandbox resumed = harness.sandboxes.resumeSandbox(ResumeSandboxRequest.newBuilder().setSandboxId(b.getSandboxId()).build());
    assertThat(run(resumed, "whoami").trim()).isEqualTo("user");
  }

  private boolean containerExists(String sandboxId) {
    try {
      docker.inspectContainerCmd("soulbox-" + sandboxId).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }
}
