package dev.soulbox.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.soulbox.proto.orchestrator.v1.BuildTemplateRequest;
import dev.soulbox.proto.orchestrator.v1.CreateSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.ExposePortRequest;
import dev.soulbox.proto.orchestrator.v1.ListSandboxesRequest;
import dev.soulbox.proto.orchestrator.v1.SetTimeoutRequest;
import dev.soulbox.proto.orchestrator.v1.StreamLogsRequest;
import dev.soulbox.sdk.internal.ClientConfig;
import io.grpc.Metadata;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin side of the client against a fake orchestrator: requests as sent, responses as mapped. */
class SoulBoxTest {
  private FakeOrchestrator orchestrator;
  private SoulBox client;

  @BeforeEach
  void start() {
    orchestrator = new FakeOrchestrator();
    client = SoulBox.builder().endpoint(orchestrator.endpoint()).apiKey(FakeOrchestrator.API_KEY).build();
  }

  @AfterEach
  void stop() {
    client.close();
    orchestrator.close();
  }

  @Test
  void create_sendsTheOptions_andTheSandboxCallsCarryItsIdAndToken() {
    Sandbox sandbox = client.create(CreateOptions.builder().template("desktop").vnc(true)
        .timeout(Duration.ofMillis(90_500)).metadata("user", "ada").env("LANG", "C.UTF-8")
        .cpus(1.5).memoryMib(512).build());

    CreateSandboxRequest sent = orchestrator.last(CreateSandboxRequest.class);
    assertThat(sent.getTemplate()).isEqualTo("desktop");
    assertThat(sent.getVnc()).isTrue();
    assertThat(sent.getTimeoutSeconds()).isEqualTo(91);
    assertThat(sent.getMetadataMap()).containsExactly(Map.entry("user", "ada"));
    assertThat(sent.getEnvVarsMap()).containsExactly(Map.entry("LANG", "C.UTF-8"));
    assertThat(sent.getResources().getCpus()).isEqualTo(1.5);
    assertThat(sent.getResources().getMemoryMib()).isEqualTo(512);
    assertThat(header(FakeOrchestrator.API_KEY_HEADER)).isEqualTo(FakeOrchestrator.API_KEY);

    assertThat(sandbox.commands().list()).isEmpty();
    assertThat(header(FakeOrchestrator.SANDBOX_ID)).isEqualTo(sandbox.id());
    assertThat(header(FakeOrchestrator.TOKEN)).isEqualTo("token-" + sandbox.id());
    assertThat(sandbox.vncUrl()).contains(URI.create("http://localhost:7080/vnc.html?token=t-" + sandbox.id()));
  }

  @Test
  void create_defaults_leaveTimeoutAndResourcesToTheServer() {
    client.create();

    CreateSandboxRequest sent = orchestrator.last(CreateSandboxRequest.class);
    assertThat(sent.getTemplate()).isEqualTo("base");
    assertThat(sent.getTimeoutSeconds()).isZero();
    assertThat(sent.hasResources()).isFalse();
  }

  @Test
  void info_mapsTheOrchestratorsAnswer() {
    Sandbox sandbox = client.create(CreateOptions.builder().metadata("k", "v").memoryMib(256).build());

    SandboxInfo info = sandbox.info();

    assertThat(info.sandboxId()).isEqualTo(sandbox.id()).hasSize(20);
    assertThat(info.template()).isEqualTo("base");
    assertThat(info.state()).isEqualTo(SandboxState.RUNNING);
    assertThat(info.metadata()).containsExactly(Map.entry("k", "v"));
    assertThat(info.startedAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
    assertThat(info.endAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_300));
    assertThat(info.envdVersion()).isEqualTo("0.5.7");
    assertThat(info.memoryMib()).isEqualTo(256);
    assertThat(info.vnc()).isEmpty();
  }

  @Test
  void lifecycle_pauseResumeTimeoutLogsExpose() {
    Sandbox sandbox = client.create();

    assertThat(sandbox.pause().state()).isEqualTo(SandboxState.PAUSED);
    assertThat(sandbox.resume().state()).isEqualTo(SandboxState.RUNNING);
    assertThat(sandbox.setTimeout(Duration.ofMinutes(10)).endAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_600));
    assertThat(orchestrator.last(SetTimeoutRequest.class).getTimeoutSeconds()).isEqualTo(600);

    assertThat(sandbox.logs()).extracting(LogEntry::source, LogEntry::message)
        .containsExactly(tuple("lifecycle", "created"),
            tuple("stdout", "agent started"));
    assertThat(orchestrator.last(StreamLogsRequest.class).getFollow()).isFalse();

    assertThat(sandbox.exposePort(8080)).isEqualTo(URI.create("http://8080-" + sandbox.id() + ".localhost:7080/"));
    assertThat(orchestrator.last(ExposePortRequest.class).getPort()).isEqualTo(8080);
    assertThatThrownBy(() -> sandbox.exposePort(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void followLogs_asksToFollow_andPassesEveryEntryOn() {
    Sandbox sandbox = client.create();
    java.util.List<LogEntry> seen = new java.util.ArrayList<>();

    sandbox.followLogs(seen::add);

    assertThat(seen).extracting(LogEntry::message).containsExactly("created", "agent started");
    assertThat(orchestrator.last(StreamLogsRequest.class).getFollow()).isTrue();
  }

  @Test
  void metrics_withAnApiKey_areTheOrchestratorsCgroupView() {
    Sandbox sandbox = client.create();

    dev.soulbox.sdk.SandboxMetrics m = sandbox.metrics();

    assertThat(m.memTotalBytes()).isEqualTo(1L << 30);
    assertThat(m.processCount()).isEqualTo(4);
    assertThat(orchestrator.last(dev.soulbox.proto.orchestrator.v1.GetMetricsRequest.class).getSandboxId())
        .isEqualTo(sandbox.id());
  }

  @Test
  void accessToken_isTheOneTheOrchestratorHandedOut() {
    Sandbox created = client.create();

    assertThat(created.accessToken()).contains("token-" + created.id());
    assertThat(client.connect(created.id()).accessToken()).contains("token-" + created.id());
    assertThat(client.connect(created.id(), "mine").accessToken()).contains("mine");
  }

  @Test
  void templates_listBuildDelete(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("req.txt"), "jq\n");
    java.util.List<String> lines = new java.util.ArrayList<>();

    assertThat(client.templates().list()).extracting(TemplateInfo::name, TemplateInfo::sizeBytes)
        .containsExactly(tuple("base", 480L << 20));
    TemplateInfo built = client.templates().build(
        TemplateSpec.builder("tools", "FROM soulbox/base\nCOPY req.txt /tmp/").context(dir).memoryMib(2048).build(),
        lines::add);

    assertThat(built.name()).isEqualTo("tools");
    assertThat(built.memoryMib()).isEqualTo(2048);
    assertThat(lines).containsExactly("Step 1/2 : FROM soulbox/base", "Successfully tagged soulbox/tools");
    BuildTemplateRequest sent = orchestrator.last(BuildTemplateRequest.class);
    assertThat(sent.getDockerfile()).startsWith("FROM soulbox/base");
    assertThat(new String(sent.getContextTar().toByteArray(), 0, 7, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("req.txt");
    assertThatThrownBy(() -> client.templates().build(TemplateSpec.builder("bad", "FROM soulbox/base").build(), lines::add))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("build template bad");
    client.templates().delete("base");
    assertThatThrownBy(() -> client.templates().delete("nope")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("template nope does not exist");
    assertThatThrownBy(() -> TemplateSpec.builder("Bad Name", "FROM soulbox/base"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void list_sendsTheFilter() {
    Sandbox mine = client.create(CreateOptions.builder().metadata("user", "ada").build());
    client.create(CreateOptions.builder().metadata("user", "bob").build());

    assertThat(client.list()).hasSize(2);
    assertThat(client.list(SandboxFilter.all().withMetadata("user", "ada").withState(SandboxState.RUNNING)))
        .extracting(SandboxInfo::sandboxId).containsExactly(mine.id());
    ListSandboxesRequest sent = orchestrator.last(ListSandboxesRequest.class);
    assertThat(sent.getMetadataMap()).containsExactly(Map.entry("user", "ada"));
    assertThat(sent.getStatesList()).containsExactly(
        dev.soulbox.proto.orchestrator.v1.SandboxState.SANDBOX_STATE_RUNNING);
  }

  @Test
  void close_killsTheSandbox_unlessKept() {
    try (Sandbox killed = client.create()) {
      assertThat(orchestrator.sandboxes).containsKey(killed.id());
    }
    assertThat(orchestrator.sandboxes).isEmpty();

    Sandbox kept = client.create();
    kept.keepOnClose().close();
    assertThat(orchestrator.sandboxes).containsKey(kept.id());
    assertThat(client.kill(kept.id())).isTrue();
    assertThat(client.kill(kept.id())).isFalse();
  }

  @Test
  void connect_looksUpTheToken_andAGoneSandboxSaysSo() {
    String id = client.create().keepOnClose().id();

    Sandbox again = client.connect(id);
    assertThat(again.commands().list()).isEmpty();
    assertThat(header(FakeOrchestrator.TOKEN)).isEqualTo("token-" + id);

    client.kill(id);
    assertThatThrownBy(() -> again.commands().list()).isInstanceOf(SandboxGoneException.class)
        .hasMessageContaining(id);
    assertThatThrownBy(again::pause).isInstanceOf(SandboxGoneException.class);
    assertThatThrownBy(() -> client.connect("nosuchsandbox0000000")).isInstanceOf(NotFoundException.class);
    assertThat(again.kill()).isFalse();
  }

  @Test
  void missingApiKey_isAuthenticationException_withAHint() {
    try (SoulBox anonymous = client.toBuilder().build().toBuilder().build()) {
      assertThat(anonymous.endpoint()).isEqualTo(client.endpoint());
    }
    assumeTrue(System.getenv("SOULBOX_API_KEY") == null, "an API key in the environment would be used");
    assumeTrue(!java.nio.file.Files.exists(ClientConfig.configFile(System.getenv(), System.getProperty("user.home"))),
        "an API key in the config file would be used");
    try (SoulBox noKey = SoulBox.builder().endpoint(orchestrator.endpoint()).build()) {
      assertThatThrownBy(noKey::list).isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("x-api-key").hasMessageContaining("SOULBOX_API_KEY");
    }
    assertThat(client.list()).isEmpty(); // the shared connection outlives derived clients
  }

  private String header(Metadata.Key<String> key) {
    return orchestrator.headers.get(orchestrator.headers.size() - 1).get(key);
  }

  @Test
  void create_withANetworkPolicy_andUpdateIt() {
    Sandbox sandbox = client.create(CreateOptions.builder()
        .network(NetworkPolicy.noInternet().allowOut("pypi.org").denyOut("10.0.0.0/8")).build());

    CreateSandboxRequest sent = (CreateSandboxRequest) orchestrator.requests.get(orchestrator.requests.size() - 1);
    assertThat(sent.getNetwork().getAllowInternetAccess()).isFalse();
    assertThat(sent.getNetwork().getAllowOutList()).containsExactly("pypi.org");
    assertThat(sandbox.info().network()).isEqualTo(NetworkPolicy.noInternet().allowOut("pypi.org").denyOut("10.0.0.0/8"));

    SandboxInfo updated = sandbox.updateNetwork(NetworkPolicy.open());

    assertThat(updated.network()).isEqualTo(NetworkPolicy.open());
  }
}
