package dev.soulbox.orchestrator;

import static dev.soulbox.orchestrator.OrchestratorHarness.hostAddress;
import static dev.soulbox.orchestrator.OrchestratorHarness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import dev.soulbox.proto.orchestrator.v1.CreateSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.KillSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.ListSandboxesRequest;
import dev.soulbox.proto.orchestrator.v1.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** As many sandboxes as the cap allows, created at once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxScaleIT {
  private static final int CAP = 20;

  @TempDir
  static Path stateDir;

  private OrchestratorHarness harness;

  @BeforeAll
  void start() throws Exception {
    DockerClient docker = OrchestratorHarness.dockerOrSkip();
    harness = OrchestratorHarness.start(docker, stateDir, CAP, Duration.ofSeconds(120));
  }

  @AfterAll
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  @Timeout(300)
  void parallelCreates_upToTheCap_thenKillAll() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CAP);
    try {
      List<Callable<Sandbox>> creates = new ArrayList<>();
      for (int i = 0; i < CAP; i++) {
        creates.add(() -> harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder().putMetadata("test", "scale")
            .build()));
      }
      long started = System.nanoTime();
      List<Sandbox> sandboxes = new ArrayList<>();
      for (Future<Sandbox> f : pool.invokeAll(creates)) {
        sandboxes.add(f.get());
      }
      System.out.printf("%d parallel CreateSandbox calls took %d ms%n", CAP, (System.nanoTime() - started) / 1_000_000);

      assertThat(sandboxes.stream().map(Sandbox::getSandboxId).distinct()).hasSize(CAP);
      assertThat(sandboxes.stream().map(s -> hostAddress(s, "agent").getPort()).distinct()).hasSize(CAP);
      assertThat(harness.containers()).hasSize(CAP);
      List<Callable<String>> whoamis = new ArrayList<>();
      sandboxes.forEach(s -> whoamis.add(() -> run(s, "whoami").trim()));
      for (Future<String> f : pool.invokeAll(whoamis)) {
        assertThat(f.get()).isEqualTo("user");
      }
      assertThatThrownBy(() -> harness.sandboxes.createSandbox(CreateSandboxRequest.getDefaultInstance()))
          .hasMessageStartingWith("RESOURCE_EXHAUSTED: this server runs at most 20 sandboxes");

      started = System.nanoTime();
      List<Callable<Object>> kills = new ArrayList<>();
      sandboxes.forEach(s -> kills.add(() -> harness.sandboxes.killSandbox(KillSandboxRequest.newBuilder()
          .setSandboxId(s.getSandboxId()).build())));
      for (Future<Object> f : pool.invokeAll(kills)) {
        f.get();
      }
      System.out.printf("%d parallel KillSandbox calls took %d ms%n", CAP, (System.nanoTime() - started) / 1_000_000);
      assertThat(harness.containers()).isEmpty();
      assertThat(harness.sandboxes.listSandboxes(ListSandboxesRequest.getDefaultInstance()).getSandboxesList()).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }
}
