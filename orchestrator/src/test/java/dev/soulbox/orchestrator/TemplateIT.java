package dev.soulbox.orchestrator;

import static dev.soulbox.orchestrator.OrchestratorHarness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import dev.soulbox.proto.agent.v1.AgentGrpc;
import dev.soulbox.proto.agent.v1.InfoRequest;
import dev.soulbox.proto.agent.v1.InfoResponse;
import dev.soulbox.proto.orchestrator.v1.BuildTemplateEvent;
import dev.soulbox.proto.orchestrator.v1.BuildTemplateRequest;
import dev.soulbox.proto.orchestrator.v1.CreateSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.DeleteTemplateRequest;
import dev.soulbox.proto.orchestrator.v1.KillSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.ListTemplatesRequest;
import dev.soulbox.proto.orchestrator.v1.Resources;
import dev.soulbox.proto.orchestrator.v1.Sandbox;
import dev.soulbox.proto.orchestrator.v1.Template;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Templates built on soulbox/base with the engine's own builder, used, and deleted. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateIT {
  @TempDir
  static Path stateDir;

  private final String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
  private OrchestratorHarness harness;
  private DockerClient docker;

  @BeforeAll
  void start() throws Exception {
    docker = OrchestratorHarness.dockerOrSkip();
    harness = OrchestratorHarness.start(docker, stateDir, 20, Duration.ofSeconds(15));
  }

  @AfterAll
  void stop() {
    if (docker != null) {
      for (String suffix : List.of("", "-silent", "-exits", "-user", "-root")) {
        try {
          docker.removeImageCmd("soulbox/" + name + suffix + ":latest").withForce(true).exec();
        } catch (RuntimeException e) {
          // deleted by the test already, or never built
        }
      }
    }
    if (harness != null) {
      harness.close();
    }
  }


  @Test
  void listTemplates_hasBaseAndDesktop() {
    List<Template> templates = harness.templates.listTemplates(ListTemplatesRequest.getDefaultInstance()).getTemplatesList();
    assertThat(templates).extracting(Template::getName).contains("base", "desktop");
    assertThat(templates).filteredOn(t -> t.getName().equals("desktop")).allMatch(Template::getDesktop);
    assertThat(templates).filteredOn(t -> t.getName().equals("base")).noneMatch(Template::getDesktop);
  }

  @Test
  void buildTemplate_streamsLogsAndMakesAUsableTemplate_thenDelete() {
    List<BuildTemplateEvent> events = new ArrayList<>();
    long started = System.nanoTime();
    harness.templates.buildTemplate(BuildTemplateRequest.newBuilder().setName(name)
        .setDockerfile("FROM soulbox/base\nRUN echo hi > /hi.txt\n")
        .setResources(Resources.newBuilder().setMemoryMib(512)).build()).forEachRemaining(events::add);
    System.out.printf("BuildTemplate took %d ms, %d events%n", (System.nanoTime() - started) / 1_000_000, events.size());

    assertThat(events.subList(0, events.size() - 1)).allMatch(BuildTemplateEvent::hasLog).isNotEmpty();
    assertThat(events).anySatisfy(e -> assertThat(e.getLog()).contains("RUN echo hi > /hi.txt"));
    Template built = events.get(events.size() - 1).getDone();
    assertThat(built.getName()).isEqualTo(name);
    assertThat(built.getImage()).isEqualTo("soulbox/" + name + ":latest");
    assertThat(built.getResources().getMemoryMib()).isEqualTo(512);
    assertThat(harness.templates.listTemplates(ListTemplatesRequest.getDefaultInstance()).getTemplatesList())
        .extracting(Template::getName).contains(name);

    Sandbox s = harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder().setTemplate(name).build());
    assertThat(s.getTemplate()).isEqualTo(name);
    assertThat(s.getResources().getMemoryMib()).isEqualTo(512);
    assertThat(run(s, "cat", "/hi.txt").trim()).isEqualTo("hi");

    assertThatThrownBy(() -> harness.templates.deleteTemplate(DeleteTemplateRequest.newBuilder().setName(name).build()))
        .hasMessageStartingWith("FAILED_PRECONDITION: template " + name + " is used by 1 sandbox(es)");
    harness.sandboxes.killSandbox(KillSandboxRequest.newBuilder().setSandboxId(s.getSandboxId()).build());
    harness.templates.deleteTemplate(DeleteTemplateRequest.newBuilder().setName(name).build());
    assertThatThrownBy(() -> docker.inspectImageCmd("soulbox/" + name + ":latest").exec())
        .isInstanceOf(com.github.dockerjava.api.exception.NotFoundException.class);
    assertThatThrownBy(() -> harness.templates.deleteTemplate(DeleteTemplateRequest.newBuilder().setName(name).build()))
        .hasMessage("NOT_FOUND: template " + name + " does not exist; ListTemplates shows the available ones");
  }

  @Test
  void buildTemplate_refusesNonTemplateBases() {
    assertThatThrownBy(() -> harness.templates.buildTemplate(BuildTemplateRequest.newBuilder().setName(name + "-x")
        .setDockerfile("FROM debian\nRUN true\n").build()).forEachRemaining(e -> { }))
        .hasMessageStartingWith("INVALID_ARGUMENT: FROM debian is not a SoulBox template");
  }

  @Test
  void buildTemplate_failingStepIsInvalidArgument() {
    List<String> logs = new ArrayList<>();
    assertThatThrownBy(() -> harness.templates.buildTemplate(BuildTemplateRequest.newBuilder().setName(name + "-fail")
        .setDockerfile("FROM soulbox/base\nRUN exit 3\n").build()).forEachRemaining(e -> logs.add(e.getLog())))
        .hasMessageStartingWith("INVALID_ARGUMENT: building template " + name + "-fail failed");
    assertThat(logs).isNotEmpty();
  }

  @Test
  void createSandbox_whoseAgentNeverAnswers_failsWithTheContainersOutput() {
    build(name + "-silent", "FROM soulbox/base\nCMD [\"sh\", \"-c\", \"echo no agent here; sleep 600\"]\n");
    long started = System.nanoTime();
    assertThatThrownBy(() -> harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder()
        .setTemplate(name + "-silent").build()))
        .hasMessageContaining("did not answer within 15 s")
        .hasMessageContaining("the sandbox was removed")
        .hasMessageContaining("no agent here");
    assertThat((System.nanoTime() - started) / 1_000_000_000).isLessThan(25);
    assertThat(harness.containers()).noneMatch(c -> c.getImage().contains("-silent"));
  }

  @Test
  void createSandbox_whoseContainerExits_failsFast() {
    build(name + "-exits", "FROM soulbox/base\nCMD [\"sh\", \"-c\", \"echo giving up; exit 3\"]\n");
    long started = System.nanoTime();
    assertThatThrownBy(() -> harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder()
        .setTemplate(name + "-exits").build()))
        .hasMessageContaining("stopped")
        .hasMessageContaining("giving up");
    assertThat((System.nanoTime() - started) / 1_000_000_000).isLessThan(10);
    assertThat(harness.containers()).noneMatch(c -> c.getImage().contains("-exits"));
  }

  @Test
  void templateEndingInUser_startsAndRunsCommandsAsThatUser() {
    build(name + "-user", "FROM soulbox/base\nUSER root\nRUN touch /opt/made-by-root\nUSER user\n");
    build(name + "-root", "FROM soulbox/base\nUSER root\n");
    Sandbox asUser = harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder().setTemplate(name + "-user").build());
    Sandbox asRoot = harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder().setTemplate(name + "-root").build());
    try {
      assertThat(run(asUser, "whoami")).isEqualTo("user\n");
      assertThat(run(asUser, "stat", "-c", "%U", "/opt/made-by-root")).isEqualTo("root\n");
      assertThat(run(asRoot, "whoami")).isEqualTo("root\n");
      var channel = OrchestratorHarness.agentChannel(asRoot);
      try {
        InfoResponse info = AgentGrpc.newBlockingStub(channel)
            .withInterceptors(OrchestratorHarness.withHeader(OrchestratorHarness.ACCESS_TOKEN, asRoot.getEnvdAccessToken()))
            .info(InfoRequest.getDefaultInstance());
        assertThat(info.getDefaultUser()).isEqualTo("root");
      } finally {
        channel.shutdownNow();
      }
    } finally {
      for (Sandbox s : List.of(asUser, asRoot)) {
        harness.sandboxes.killSandbox(KillSandboxRequest.newBuilder().setSandboxId(s.getSandboxId()).build());
      }
    }
  }

  private void build(String template, String dockerfile) {
    harness.templates.buildTemplate(BuildTemplateRequest.newBuilder().setName(template).setDockerfile(dockerfile)
        .build()).forEachRemaining(e -> { });
  }

  @Test
  void deleteTemplate_refusesBase() {
    assertThatThrownBy(() -> harness.templates.deleteTemplate(DeleteTemplateRequest.newBuilder().setName("base").build()))
        .hasMessageStartingWith("FAILED_PRECONDITION: template base");
  }
}
