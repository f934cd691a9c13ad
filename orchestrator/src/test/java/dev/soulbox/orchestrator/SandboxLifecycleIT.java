package dev.soulbox.orchestrator;

import static dev.soulbox.orchestrator.OrchestratorHarness.hostAddress;
import static dev.soulbox.orchestrator.OrchestratorHarness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.soulbox.proto.orchestrator.v1.CreateSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.DeleteTemplateRequest;
import dev.soulbox.proto.orchestrator.v1.ExposePortRequest;
import dev.soulbox.proto.orchestrator.v1.GetMetricsRequest;
import dev.soulbox.proto.orchestrator.v1.GetSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.KillSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.ListSandboxesRequest;
import dev.soulbox.proto.orchestrator.v1.LogEntry;
import dev.soulbox.proto.orchestrator.v1.PauseSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.Resources;
import dev.soulbox.proto.orchestrator.v1.ResumeSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.Sandbox;
import dev.soulbox.proto.orchestrator.v1.SandboxMetrics;
import dev.soulbox.proto.orchestrator.v1.SandboxState;
import dev.soulbox.proto.orchestrator.v1.SetTimeoutRequest;
import dev.soulbox.proto.orchestrator.v1.StreamLogsRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** One sandbox's life on the real Docker engine, driven through the real admin API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxLifecycleIT {
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

  private Sandbox create(String test) {
    return harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder().putMetadata("test", test).build());
  }

  @Test
  void create_agentAnswersAsUser() {
    long started = System.nanoTime();
    Sandbox s = create("create");
    long createMillis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("CreateSandbox (base) took %d ms%n", createMillis);

    assertThat(run(s, "whoami").trim()).isEqualTo("user");
    assertThat(run(s, "id", "-u").trim()).isEqualTo("1000");
    assertThat(s.getEnvdVersion()).isNotEmpty();
    assertThat(harness.sandboxes.getSandbox(GetSandboxRequest.newBuilder().setSandboxId(s.getSandboxId()).build()))
        .isEqualTo(s);
  }

  @Test
  void create_containerIsHardenedAndLimited() {
    Sandbox s = harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder().putMetadata("test", "limits")
        .setResources(Resources.newBuilder().setCpus(0.5).setMemoryMib(256).setPids(128)).build());
    InspectContainerResponse c = docker.inspectContainerCmd("soulbox-" + s.getSandboxId()).exec();

    assertThat(c.getHostConfig().getMemory()).isEqualTo(256L * 1024 * 1024);
    assertThat(c.getHostConfig().getNanoCPUs()).isEqualTo(500_000_000L);
    assertThat(c.getHostConfig().getPidsLimit()).isEqualTo(128L);
    assertThat(c.getHostConfig().getPrivileged()).isFalse();
    assertThat(c.getHostConfig().getSecurityOpts()).contains("no-new-privileges");
    assertThat(c.getHostConfig().getCapDrop()).contains(Capability.NET_RAW, Capability.MKNOD, Capability.SYS_CHROOT);
    Ports.Binding[] agent = c.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(49983));
    assertThat(agent).allSatisfy(b -> assertThat(b.getHostIp()).isEqualTo("127.0.0.1"));
    assertThat(c.getConfig().getLabels()).containsEntry("dev.soulbox.sandbox-id", s.getSandboxId())
        .containsEntry("dev.soulbox.template", "base").containsEntry("dev.soulbox.metadata.test", "limits")
        .containsEntry("dev.soulbox.vnc", "false").containsKeys("dev.soulbox.started-at", "dev.soulbox.end-at");
    assertThat(s.getResources().getMemoryMib()).isEqualTo(256);
    assertThat(run(s, "whoami").trim()).isEqualTo("user"); // the dropped capabilities do not stop the agent

    Sandbox defaults = create("limits");
    InspectContainerResponse d = docker.inspectContainerCmd("soulbox-" + defaults.getSandboxId()).exec();
    assertThat(d.getHostConfig().getMemory()).isEqualTo(1024L * 1024 * 1024);
    assertThat(d.getHostConfig().getNanoCPUs()).isEqualTo(1_000_000_000L);
    assertThat(d.getHostConfig().getPidsLimit()).isEqualTo(512L);
  }

  @Test
  void list_filtersByMetadataAndState() {
    Sandbox a = create("list-a");
    Sandbox b = create("list-b");
    harness.sandboxes.pauseSandbox(PauseSandboxRequest.newBuilder().setSandboxId(b.getSandboxId()).build());

    assertThat(list(ListSandboxesRequest.newBuilder().putMetadata("test", "list-a"))).containsExactly(a.getSandboxId());
    assertThat(list(ListSandboxesRequest.newBuilder().putMetadata("test", "list-b")
        .addStates(SandboxState.SANDBOX_STATE_PAUSED))).containsExactly(b.getSandboxId());
    assertThat(list(ListSandboxesRequest.newBuilder().putMetadata("test", "list-b")
        .addStates(SandboxState.SANDBOX_STATE_RUNNING))).isEmpty();

    harness.sandboxes.killSandbox(KillSandboxRequest.newBuilder().setSandboxId(b.getSandboxId()).build()); // paused
    assertThat(containerExists(b.getSandboxId())).isFalse();
  }

  @Test
  void pauseAndResume_agentUnreachableWhilePaused() {
    Sandbox s = create("pause");
    assertThat(health(s)).isEqualTo("SERVING");

    Sandbox paused = harness.sandboxes.pauseSandbox(PauseSandboxRequest.newBuilder().setSandboxId(s.getSandboxId()).build());
    assertThat(paused.getState()).isEqualTo(SandboxState.SANDBOX_STATE_PAUSED);
    assertThat(docker.inspectContainerCmd("soulbox-" + s.getSandboxId()).exec().getState().getPaused()).isTrue();
    assertThat(health(s)).isIn("DEADLINE_EXCEEDED", "UNAVAILABLE");
    assertThatThrownBy(() -> harness.sandboxes.pauseSandbox(PauseSandboxRequest.newBuilder()
        .setSandboxId(s.getSandboxId()).build())).hasMessageContaining("FAILED_PRECONDITION");

    Sandbox resumed = harness.sandboxes.resumeSandbox(ResumeSandboxRequest.newBuilder().setSandboxId(s.getSandboxId()).build());
    assertThat(resumed.getState()).isEqualTo(SandboxState.SANDBOX_STATE_RUNNING);
    assertThat(health(s)).isEqualTo("SERVING");
    assertThat(run(s, "echo", "back").trim()).isEqualTo("back");
  }

  @Test
  void setTimeout_evictsAtTheNewEnd() {
    Sandbox s = create("timeout");
    Sandbox shortened = harness.sandboxes.setTimeout(SetTimeoutRequest.newBuilder().setSandboxId(s.getSandboxId())
        .setTimeoutSeconds(2).build());
    assertThat(shortened.getEndAt().getSeconds()).isLessThan(s.getEndAt().getSeconds());

    await().atMost(Duration.ofSeconds(15)).until(() -> !containerExists(s.getSandboxId()));
    assertThatThrownBy(() -> harness.sandboxes.getSandbox(GetSandboxRequest.newBuilder().setSandboxId(s.getSandboxId())
        .build())).hasMessage("NOT_FOUND: sandbox " + s.getSandboxId() + " does not exist");
  }

  @Test
  void kill_removesContainerAndPort() {
    Sandbox s = create("kill");
    InetSocketAddress agent = hostAddress(s, "agent");
    assertThat(canConnect(agent)).isTrue();

    harness.sandboxes.killSandbox(KillSandboxRequest.newBuilder().setSandboxId(s.getSandboxId()).build());
    assertThat(containerExists(s.getSandboxId())).isFalse();
    await().atMost(Duration.ofSeconds(5)).until(() -> !canConnect(agent));
    assertThat(list(ListSandboxesRequest.newBuilder().putMetadata("test", "kill"))).isEmpty();
  }

  @Test
  void streamLogs_mergesLifecycleAndOutput_andFollowEndsWithTheSandbox() throws Exception {
    Sandbox s = create("logs");
    String id = s.getSandboxId();
    harness.sandboxes.pauseSandbox(PauseSandboxRequest.newBuilder().setSandboxId(id).build());
    harness.sandboxes.resumeSandbox(ResumeSandboxRequest.newBuilder().setSandboxId(id).build());

    List<LogEntry> history = new ArrayList<>();
    harness.sandboxes.streamLogs(StreamLogsRequest.newBuilder().setSandboxId(id).build()).forEachRemaining(history::add);
    assertThat(history).extracting(LogEntry::getMessage).contains("paused", "resumed");
    assertThat(history).anySatisfy(e -> assertThat(e.getMessage()).startsWith("created from template base"));
    assertThat(history).anySatisfy(e -> assertThat(e.getMessage()).contains("listening on"));

    Iterator<LogEntry> follow = harness.sandboxes.withDeadlineAfter(60, TimeUnit.SECONDS)
        .streamLogs(StreamLogsRequest.newBuilder().setSandboxId(id).setFollow(true).build());
    CompletableFuture<List<String>> followed = CompletableFuture.supplyAsync(() -> {
      List<String> messages = new ArrayList<>();
      follow.forEachRemaining(e -> messages.add(e.getMessage()));
      return messages;
    });
    Thread.sleep(300);
    run(s, "sh", "-c", "echo from-the-sandbox > /proc/1/fd/1");
    harness.sandboxes.setTimeout(SetTimeoutRequest.newBuilder().setSandboxId(id).setTimeoutSeconds(600).build());
    harness.sandboxes.killSandbox(KillSandboxRequest.newBuilder().setSandboxId(id).build());
    List<String> messages = followed.get(30, TimeUnit.SECONDS);
    assertThat(messages).contains("killed", "paused", "resumed");
    assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("timeout set: ends at"));
  }

  @Test
  void getMetrics_readsTheContainersCgroup() {
    Sandbox s = create("metrics");
    long started = System.nanoTime();
    SandboxMetrics m = harness.sandboxes.getMetrics(GetMetricsRequest.newBuilder().setSandboxId(s.getSandboxId()).build());
    System.out.printf("GetMetrics took %d ms: %s%n", (System.nanoTime() - started) / 1_000_000,
        m.toString().replace('\n', ' '));
    assertThat(m.getCpuCount()).isEqualTo(1);
    assertThat(m.getMemTotalBytes()).isEqualTo(1024L * 1024 * 1024);
    assertThat(m.getMemUsedBytes()).isPositive();
    assertThat(m.getPids()).isPositive();
  }

  @Test
  void badInputs_haveActionableStatuses() {
    String unknown = "aaaaaaaaaaaaaaaaaaaa";
    expect(() -> harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder().setTemplate("nope").build()),
        Status.Code.NOT_FOUND, "template nope does not exist; ListTemplates shows the available ones");
    expect(() -> harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder().setTimeoutSeconds(-5).build()),
        Status.Code.INVALID_ARGUMENT, "timeout_seconds must be at least 1");
    expect(() -> harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder().putMetadata("k", "v".repeat(5000)).build()),
        Status.Code.INVALID_ARGUMENT, "metadata value of 'k'");
    expect(() -> harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder()
        .setResources(Resources.newBuilder().setCpus(999)).build()), Status.Code.INVALID_ARGUMENT, "CPUs of this host");
    expect(() -> harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder().setVnc(true).build()),
        Status.Code.FAILED_PRECONDITION, "template base has no desktop");
    expect(() -> harness.sandboxes.getSandbox(GetSandboxRequest.newBuilder().setSandboxId(unknown).build()),
        Status.Code.NOT_FOUND, "sandbox " + unknown + " does not exist");
    expect(() -> harness.sandboxes.pauseSandbox(PauseSandboxRequest.newBuilder().setSandboxId("BAD").build()),
        Status.Code.INVALID_ARGUMENT, "malformed");
    expect(() -> harness.sandboxes.resumeSandbox(ResumeSandboxRequest.newBuilder().setSandboxId(unknown).build()),
        Status.Code.NOT_FOUND, "does not exist");
    expect(() -> harness.sandboxes.killSandbox(KillSandboxRequest.newBuilder().setSandboxId(unknown).build()),
        Status.Code.NOT_FOUND, "does not exist");
    expect(() -> harness.sandboxes.getMetrics(GetMetricsRequest.newBuilder().setSandboxId(unknown).build()),
        Status.Code.NOT_FOUND, "does not exist");
    Sandbox s = create("bad-inputs");
    expect(() -> harness.sandboxes.setTimeout(SetTimeoutRequest.newBuilder().setSandboxId(s.getSandboxId())
        .setTimeoutSeconds(-1).build()), Status.Code.INVALID_ARGUMENT, "timeout_seconds must be at least 1");
    expect(() -> harness.sandboxes.resumeSandbox(ResumeSandboxRequest.newBuilder().setSandboxId(s.getSandboxId()).build()),
        Status.Code.FAILED_PRECONDITION, "is running, not paused");
    expect(() -> harness.sandboxes.exposePort(ExposePortRequest.newBuilder().setSandboxId(s.getSandboxId()).setPort(0)
        .build()), Status.Code.INVALID_ARGUMENT, "port must be between 1 and 65535");
    assertThat(harness.sandboxes.exposePort(ExposePortRequest.newBuilder().setSandboxId(s.getSandboxId()).setPort(3000)
        .build()).getUrl()).isEqualTo("http://3000-" + s.getSandboxId() + ".localhost:" + harness.httpPort + "/");
    expect(() -> harness.sandboxes.streamLogs(StreamLogsRequest.newBuilder().setSandboxId(unknown).build()).hasNext(),
        Status.Code.NOT_FOUND, "does not exist");
    expect(() -> harness.sandboxes.listSandboxes(ListSandboxesRequest.newBuilder()
        .addStates(SandboxState.SANDBOX_STATE_UNSPECIFIED).build()), Status.Code.INVALID_ARGUMENT, "states may hold");
    expect(() -> harness.templates.deleteTemplate(DeleteTemplateRequest.newBuilder().setName("nope").build()),
        Status.Code.NOT_FOUND, "template nope does not exist");
  }

  private static void expect(Runnable call, Status.Code code, String message) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).contains(message);
    });
  }

  private List<String> list(ListSandboxesRequest.Builder request) {
    return harness.sandboxes.listSandboxes(request.build()).getSandboxesList().stream().map(Sandbox::getSandboxId).toList();
  }

  private boolean containerExists(String sandboxId) {
    try {
      docker.inspectContainerCmd("soulbox-" + sandboxId).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static String health(Sandbox s) {
    ManagedChannel agent = OrchestratorHarness.agentChannel(s);
    try {
      ServingStatus status = HealthGrpc.newBlockingStub(agent).withDeadlineAfter(1500, TimeUnit.MILLISECONDS)
          .check(HealthCheckRequest.getDefaultInstance()).getStatus();
      return status.name();
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode().name();
    } finally {
      agent.shutdownNow();
    }
  }

  private static boolean canConnect(InetSocketAddress address) {
    try (Socket socket = new Socket()) {
      socket.connect(address, 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
