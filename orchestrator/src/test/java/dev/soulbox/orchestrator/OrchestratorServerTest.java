package dev.soulbox.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.soulbox.orchestrator.api.ApiKeyInterceptor;
import dev.soulbox.orchestrator.api.PublicUrls;
import dev.soulbox.orchestrator.lifecycle.FakeRuntime;
import dev.soulbox.orchestrator.lifecycle.FakeTemplates;
import dev.soulbox.orchestrator.lifecycle.SandboxSettings;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.proxy.AgentChannels;
import dev.soulbox.proto.orchestrator.v1.BuildTemplateEvent;
import dev.soulbox.proto.orchestrator.v1.BuildTemplateRequest;
import dev.soulbox.proto.orchestrator.v1.CreateSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.DeleteTemplateRequest;
import dev.soulbox.proto.orchestrator.v1.ExposePortRequest;
import dev.soulbox.proto.orchestrator.v1.GetSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.KillSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.ListSandboxesRequest;
import dev.soulbox.proto.orchestrator.v1.ListTemplatesRequest;
import dev.soulbox.proto.orchestrator.v1.LogEntry;
import dev.soulbox.proto.orchestrator.v1.PauseSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.Resources;
import dev.soulbox.proto.orchestrator.v1.ResumeSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.Sandbox;
import dev.soulbox.proto.orchestrator.v1.SandboxServiceGrpc;
import dev.soulbox.proto.orchestrator.v1.SandboxState;
import dev.soulbox.proto.orchestrator.v1.SetTimeoutRequest;
import dev.soulbox.proto.orchestrator.v1.StreamLogsRequest;
import dev.soulbox.proto.orchestrator.v1.TemplateServiceGrpc;
import dev.soulbox.proto.process.ListRequest;
import dev.soulbox.proto.process.ProcessGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API over the in-process transport, on a fake runtime: wiring, auth and every status a client sees. */
class OrchestratorServerTest {
  private static final String KEY = "test-key";

  @TempDir
  Path stateDir;

  private final FakeRuntime runtime = new FakeRuntime();
  private final AgentChannels agents = new AgentChannels();
  private Orchestrator orchestrator;
  private OrchestratorServer server;
  private ManagedChannel channel;
  private SandboxServiceGrpc.SandboxServiceBlockingStub sandboxes;
  private TemplateServiceGrpc.TemplateServiceBlockingStub templates;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    OrchestratorConfig config = new OrchestratorConfig(stateDir,
        SandboxSettings.defaults(FakeRuntime.alwaysReady()).withMaxSandboxes(3),
        new PublicUrls("localhost", 7080), null);
    orchestrator = Orchestrator.start(config, runtime, new FakeTemplates(), new Metrics());
    server = new OrchestratorServer(InProcessServerBuilder.forName(name).directExecutor(), orchestrator, agents, KEY,
        "its key is in the test", config.publicUrls(), new Metrics()).start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    sandboxes = SandboxServiceGrpc.newBlockingStub(channel).withInterceptors(withKey(KEY));
    templates = TemplateServiceGrpc.newBlockingStub(channel).withInterceptors(withKey(KEY));
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.close();
    orchestrator.close();
    agents.close();
  }

  @Test
  void apiKey_missing() {
    var bare = SandboxServiceGrpc.newBlockingStub(channel);
    assertStatus(() -> bare.listSandboxes(ListSandboxesRequest.getDefaultInstance()), Status.Code.UNAUTHENTICATED,
        "missing x-api-key metadata: pass the orchestrator's API key as gRPC metadata x-api-key (its key is in the test)");
  }

  @Test
  void apiKey_wrong() {
    var wrong = TemplateServiceGrpc.newBlockingStub(channel).withInterceptors(withKey("nope"));
    assertStatus(() -> wrong.listTemplates(ListTemplatesRequest.getDefaultInstance()), Status.Code.UNAUTHENTICATED,
        "x-api-key does not match");
  }

  @Test
  void apiKey_notNeededForHealthOrAgentCalls() {
    assertThat(HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus().name())
        .isEqualTo("SERVING");
    // a relayed agent call is judged by the sandbox's own token, not the API key
    assertStatus(() -> ProcessGrpc.newBlockingStub(channel).list(ListRequest.getDefaultInstance()).getProcessesList(),
        Status.Code.INVALID_ARGUMENT, "sandbox-id");
  }

  @Test
  void createSandbox_andGet() {
    Sandbox created = sandboxes.createSandbox(CreateSandboxRequest.newBuilder().setTemplate("desktop").setVnc(true)
        .putMetadata("team", "a").build());
    assertThat(created.getSandboxId()).matches("[a-z0-9]{20}");
    assertThat(created.getState()).isEqualTo(SandboxState.SANDBOX_STATE_RUNNING);
    assertThat(created.getEnvdAccessToken()).hasSize(32);
    assertThat(created.getVnc().getWebsocketUrl()).isEqualTo("ws://localhost:7080/websockify?token=" + created.getVnc().getToken());
    assertThat(created.getVnc().getNovncUrl()).isEqualTo("http://localhost:7080/vnc/?token=" + created.getVnc().getToken());
    assertThat(created.getVnc().getExpiresAt()).isEqualTo(created.getEndAt());
    assertThat(created.getPortsList()).extracting(p -> p.getName()).containsExactly("agent", "vnc");
    assertThat(created.getResources().getCpus()).isEqualTo(2.0);
    assertThat(sandboxes.getSandbox(GetSandboxRequest.newBuilder().setSandboxId(created.getSandboxId()).build()))
        .isEqualTo(created);
  }

  @Test
  void createSandbox_badInputs() {
    assertStatus(() -> create(CreateSandboxRequest.newBuilder().setTemplate("nope")), Status.Code.NOT_FOUND,
        "template nope does not exist; ListTemplates shows the available ones");
    assertStatus(() -> create(CreateSandboxRequest.newBuilder().setTimeoutSeconds(-1)), Status.Code.INVALID_ARGUMENT,
        "timeout_seconds must be at least 1");
    assertStatus(() -> create(CreateSandboxRequest.newBuilder().putMetadata("k", "v".repeat(2000))),
        Status.Code.INVALID_ARGUMENT, "metadata value of 'k' has 2000 characters");
    assertStatus(() -> create(CreateSandboxRequest.newBuilder().setResources(Resources.newBuilder().setCpus(-1))),
        Status.Code.INVALID_ARGUMENT, "resources.cpus");
    assertStatus(() -> create(CreateSandboxRequest.newBuilder().setResources(Resources.newBuilder().setMemoryMib(10))),
        Status.Code.INVALID_ARGUMENT, "resources.memory_mib");
    assertStatus(() -> create(CreateSandboxRequest.newBuilder().setVnc(true)), Status.Code.FAILED_PRECONDITION,
        "template base has no desktop");
  }

  @Test
  void createSandbox_pastTheCap() {
    for (int i = 0; i < 3; i++) {
      create(CreateSandboxRequest.newBuilder());
    }
    assertStatus(() -> create(CreateSandboxRequest.newBuilder()), Status.Code.RESOURCE_EXHAUSTED,
        "this server runs at most 3 sandboxes");
  }

  @Test
  void unknownAndMalformedIds() {
    assertStatus(() -> sandboxes.getSandbox(GetSandboxRequest.newBuilder().setSandboxId("aaaaaaaaaaaaaaaaaaaa").build()),
        Status.Code.NOT_FOUND, "sandbox aaaaaaaaaaaaaaaaaaaa does not exist");
    assertStatus(() -> sandboxes.killSandbox(KillSandboxRequest.newBuilder().setSandboxId("../etc").build()),
        Status.Code.INVALID_ARGUMENT, "sandbox id '../etc' is malformed");
    assertStatus(() -> sandboxes.streamLogs(StreamLogsRequest.newBuilder().setSandboxId("aaaaaaaaaaaaaaaaaaaa").build())
        .hasNext(), Status.Code.NOT_FOUND, "does not exist");
  }

  @Test
  void pauseResumeTimeoutKill() {
    String id = create(CreateSandboxRequest.newBuilder()).getSandboxId();
    assertStatus(() -> sandboxes.resumeSandbox(ResumeSandboxRequest.newBuilder().setSandboxId(id).build()),
        Status.Code.FAILED_PRECONDITION, "is running, not paused");
    assertThat(sandboxes.pauseSandbox(PauseSandboxRequest.newBuilder().setSandboxId(id).build()).getState())
        .isEqualTo(SandboxState.SANDBOX_STATE_PAUSED);
    assertStatus(() -> sandboxes.pauseSandbox(PauseSandboxRequest.newBuilder().setSandboxId(id).build()),
        Status.Code.FAILED_PRECONDITION, "is already paused");
    assertThat(sandboxes.listSandboxes(ListSandboxesRequest.newBuilder()
        .addStates(SandboxState.SANDBOX_STATE_PAUSED).build()).getSandboxesCount()).isEqualTo(1);
    assertStatus(() -> sandboxes.listSandboxes(ListSandboxesRequest.newBuilder()
        .addStates(SandboxState.SANDBOX_STATE_UNSPECIFIED).build()), Status.Code.INVALID_ARGUMENT, "states may hold");
    assertStatus(() -> sandboxes.setTimeout(SetTimeoutRequest.newBuilder().setSandboxId(id).setTimeoutSeconds(100_000).build()),
        Status.Code.INVALID_ARGUMENT, "above this server's limit");
    sandboxes.killSandbox(KillSandboxRequest.newBuilder().setSandboxId(id).build());
    assertThat(runtime.running).isEmpty();
    assertStatus(() -> sandboxes.killSandbox(KillSandboxRequest.newBuilder().setSandboxId(id).build()),
        Status.Code.NOT_FOUND, "does not exist");
  }

  @Test
  void exposePort() {
    String id = create(CreateSandboxRequest.newBuilder()).getSandboxId();
    assertThat(sandboxes.exposePort(ExposePortRequest.newBuilder().setSandboxId(id).setPort(8080).build()).getUrl())
        .isEqualTo("http://8080-" + id + ".localhost:7080/");
    assertStatus(() -> sandboxes.exposePort(ExposePortRequest.newBuilder().setSandboxId(id).setPort(70000).build()),
        Status.Code.INVALID_ARGUMENT, "port must be between 1 and 65535, got 70000");
    assertStatus(() -> sandboxes.exposePort(ExposePortRequest.newBuilder().setSandboxId(id).setPort(-1).build()),
        Status.Code.INVALID_ARGUMENT, "port must be between 1 and 65535");
  }

  @Test
  void streamLogs() {
    runtime.output = "hello";
    String id = create(CreateSandboxRequest.newBuilder()).getSandboxId();
    List<LogEntry> entries = new ArrayList<>();
    sandboxes.streamLogs(StreamLogsRequest.newBuilder().setSandboxId(id).build()).forEachRemaining(entries::add);
    assertThat(entries).extracting(LogEntry::getSource).containsExactlyInAnyOrder("lifecycle", "stdout");
  }

  @Test
  void templates() {
    assertThat(templates.listTemplates(ListTemplatesRequest.getDefaultInstance()).getTemplatesList())
        .extracting(t -> t.getName()).containsExactlyInAnyOrder("base", "desktop");
    assertStatus(() -> build("x", "FROM debian\n"), Status.Code.INVALID_ARGUMENT,
        "FROM debian is not a SoulBox template; the Dockerfile's FROM must be a SoulBox template");
    assertStatus(() -> build("x", "FROM soulbox/nope\n"), Status.Code.INVALID_ARGUMENT, "template nope, which does not exist");
    assertStatus(() -> build("Bad Name", "FROM soulbox/base\n"), Status.Code.INVALID_ARGUMENT, "template name 'Bad Name' is invalid");
    assertStatus(() -> templates.buildTemplate(BuildTemplateRequest.newBuilder().setName("big").setDockerfile("FROM soulbox/base\n")
        .setPoolSize(-1).build()).forEachRemaining(e -> {}), Status.Code.INVALID_ARGUMENT, "pool_size 4294967295 is out of range: 0 to");

    List<BuildTemplateEvent> events = build("mine", "FROM soulbox/desktop\nRUN true\n");
    assertThat(events.get(0).getLog()).isEqualTo("Step 1/1 : FROM soulbox/desktop");
    assertThat(events.get(events.size() - 1).getDone().getDesktop()).isTrue();

    String id = create(CreateSandboxRequest.newBuilder().setTemplate("mine")).getSandboxId();
    assertStatus(() -> templates.deleteTemplate(DeleteTemplateRequest.newBuilder().setName("mine").build()),
        Status.Code.FAILED_PRECONDITION, "template mine is used by 1 sandbox(es) (" + id + "); kill them first");
    sandboxes.killSandbox(KillSandboxRequest.newBuilder().setSandboxId(id).build());
    templates.deleteTemplate(DeleteTemplateRequest.newBuilder().setName("mine").build());
    assertStatus(() -> templates.deleteTemplate(DeleteTemplateRequest.newBuilder().setName("mine").build()),
        Status.Code.NOT_FOUND, "template mine does not exist");
    assertStatus(() -> templates.deleteTemplate(DeleteTemplateRequest.newBuilder().setName("base").build()),
        Status.Code.FAILED_PRECONDITION, "cannot be deleted");
  }

  private Sandbox create(CreateSandboxRequest.Builder request) {
    return sandboxes.createSandbox(request.build());
  }

  private List<BuildTemplateEvent> build(String name, String dockerfile) {
    List<BuildTemplateEvent> events = new ArrayList<>();
    templates.buildTemplate(BuildTemplateRequest.newBuilder().setName(name).setDockerfile(dockerfile).build())
        .forEachRemaining(events::add);
    return events;
  }

  private static io.grpc.ClientInterceptor withKey(String key) {
    Metadata headers = new Metadata();
    headers.put(ApiKeyInterceptor.API_KEY, key);
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  private static void assertStatus(ThrowingCallable call, Status.Code code, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(String.valueOf(e.getStatus().getDescription())).contains(message);
    });
  }
}
