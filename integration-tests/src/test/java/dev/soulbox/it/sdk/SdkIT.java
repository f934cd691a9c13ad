package dev.soulbox.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.soulbox.it.orchestrator.OrchestratorProcess;
import dev.soulbox.it.orchestrator.RawHttp;
import dev.soulbox.it.orchestrator.RunningOrchestrator;
import dev.soulbox.sdk.AuthenticationException;
import dev.soulbox.sdk.CommandHandle;
import dev.soulbox.sdk.CommandOptions;
import dev.soulbox.sdk.CommandResult;
import dev.soulbox.sdk.CreateOptions;
import dev.soulbox.sdk.EntryInfo;
import dev.soulbox.sdk.FilesystemEvent;
import dev.soulbox.sdk.LogEntry;
import dev.soulbox.sdk.NotFoundException;
import dev.soulbox.sdk.PtyHandle;
import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SandboxFilter;
import dev.soulbox.sdk.SandboxInfo;
import dev.soulbox.sdk.SandboxMetrics;
import dev.soulbox.sdk.SandboxState;
import dev.soulbox.sdk.SoulBox;
import dev.soulbox.sdk.TemplateInfo;
import dev.soulbox.sdk.TemplateSpec;
import dev.soulbox.sdk.WatchHandle;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK against the real orchestrator, run as a process on the real Docker engine: every call,
 * the sandbox's own calls going through the orchestrator's proxy.
 */
class SdkIT {
  @RegisterExtension
  static final RunningOrchestrator orchestrator = new RunningOrchestrator();

  private static Sandbox create(String test) {
    return orchestrator.client().create(CreateOptions.builder().timeout(Duration.ofMinutes(10)).metadata("test", test).build());
  }

  @Test
  void lifecycle_createInfoListPauseResumeTimeoutMetricsLogsKill() throws Exception {
    Sandbox sandbox = create("lifecycle");
    String id = sandbox.id();
    assertThat(id).matches("[a-z0-9]{20}");
    assertThat(sandbox.accessToken()).isPresent();

    SandboxInfo info = sandbox.info();
    assertThat(info.template()).isEqualTo("base");
    assertThat(info.state()).isEqualTo(SandboxState.RUNNING);
    assertThat(info.metadata()).containsEntry("test", "lifecycle");
    assertThat(info.endAt()).isBetween(Instant.now().plusSeconds(500), Instant.now().plusSeconds(601));
    assertThat(sandbox.isRunning()).isTrue();

    assertThat(orchestrator.client().list(SandboxFilter.all().withMetadata("test", "lifecycle"))).extracting(SandboxInfo::sandboxId)
        .containsExactly(id);
    assertThat(orchestrator.client().list(SandboxFilter.all().withMetadata("test", "lifecycle").withState(SandboxState.PAUSED)))
        .isEmpty();

    List<LogEntry> followed = new CopyOnWriteArrayList<>();
    Thread follower = new Thread(() -> sandbox.followLogs(followed::add), "follow-logs");
    follower.start();

    assertThat(sandbox.pause().state()).isEqualTo(SandboxState.PAUSED);
    assertThat(orchestrator.client().list(SandboxFilter.all().withMetadata("test", "lifecycle").withState(SandboxState.PAUSED)))
        .extracting(SandboxInfo::sandboxId).containsExactly(id);
    SandboxMetrics paused = sandbox.metrics();
    assertThat(paused.memTotalBytes()).isPositive();
    assertThat(sandbox.resume().state()).isEqualTo(SandboxState.RUNNING);
    assertThat(sandbox.commands().run("echo back").stdout()).isEqualTo("back\n");

    SandboxInfo extended = sandbox.setTimeout(Duration.ofMinutes(3));
    assertThat(extended.endAt()).isBetween(Instant.now().plusSeconds(170), Instant.now().plusSeconds(181));

    SandboxMetrics metrics = sandbox.metrics();
    assertThat(metrics.cpuCount()).isPositive();
    assertThat(metrics.memUsedBytes()).isPositive();
    assertThat(metrics.processCount()).isPositive();

    assertThat(sandbox.logs()).extracting(LogEntry::message).anyMatch(m -> m.startsWith("created"))
        .anyMatch(m -> m.startsWith("paused")).anyMatch(m -> m.startsWith("resumed"));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(followed).extracting(LogEntry::message)
        .anyMatch(m -> m.startsWith("paused")).anyMatch(m -> m.startsWith("resumed")));
    follower.interrupt();
    follower.join(10_000);
    assertThat(follower.isAlive()).as("following stops when interrupted").isFalse();

    assertThat(sandbox.kill()).isTrue();
    assertThat(sandbox.kill()).isFalse();
    assertThatThrownBy(sandbox::info).isInstanceOf(NotFoundException.class).hasMessageContaining(id);
    assertThat(orchestrator.client().list(SandboxFilter.all().withMetadata("test", "lifecycle"))).isEmpty();
  }

  @Test
  void commandsFilesWatchesAndTerminals_goThroughTheProxy(@TempDir Path local) throws Exception {
    try (Sandbox sandbox = create("proxy")) {
      CommandResult r = sandbox.commands().run("echo out; echo err >&2; exit 3");
      assertThat(r.exitCode()).isEqualTo(3);
      assertThat(r.stdout()).isEqualTo("out\n");
      assertThat(r.stderr()).isEqualTo("err\n");

      CommandHandle cat = sandbox.commands().start("cat", CommandOptions.builder().tag("cat").build());
      assertThat(sandbox.commands().list()).extracting(p -> p.tag()).contains("cat");
      cat.sendStdin("piped\n");
      cat.closeStdin();
      assertThat(cat.waitFor(Duration.ofSeconds(30)).stdout()).isEqualTo("piped\n");

      List<FilesystemEvent> events = new CopyOnWriteArrayList<>();
      sandbox.files().makeDir("work");
      try (WatchHandle watch = sandbox.files().watchDir("work", true, events::add)) {
        sandbox.files().write("work/a.txt", "hello");
        assertThat(sandbox.files().read("work/a.txt")).isEqualTo("hello");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events)
            .contains(new FilesystemEvent("a.txt", FilesystemEvent.Type.CREATE)));
        assertThat(watch.isActive()).isTrue();
      }

      byte[] data = new byte[3 * 1024 * 1024 + 11];
      new Random(7).nextBytes(data);
      Path source = Files.write(local.resolve("data.bin"), data);
      AtomicLong sent = new AtomicLong();
      EntryInfo up = sandbox.files().upload(source, "work/data.bin", (done, total) -> sent.set(done));
      assertThat(up.size()).isEqualTo(data.length);
      assertThat(sent.get()).isEqualTo(data.length);
      Path back = local.resolve("back.bin");
      sandbox.files().download("work/data.bin", back);
      assertThat(Files.mismatch(source, back)).isEqualTo(-1);
      assertThat(sandbox.commands().run("sha256sum work/data.bin").stdout()).startsWith(sha256(data));

      assertThat(sandbox.files().list("work")).extracting(EntryInfo::name).contains("a.txt", "data.bin");
      assertThat(sandbox.files().stat("work/a.txt").size()).isEqualTo(5);
      assertThat(sandbox.files().rename("work/a.txt", "work/b.txt").name()).isEqualTo("b.txt");
      assertThat(sandbox.files().exists("work/a.txt")).isFalse();
      sandbox.files().remove("work");
      assertThat(sandbox.files().exists("work")).isFalse();
      assertThatThrownBy(() -> sandbox.files().stat("/nope")).isInstanceOf(NotFoundException.class);

      ByteArrayOutputStream screen = new ByteArrayOutputStream();
      PtyHandle term = sandbox.pty().create(80, 24, bytes -> {
        synchronized (screen) {
          screen.writeBytes(bytes);
        }
      });
      term.sendInput("stty size\n");
      await().atMost(Duration.ofSeconds(10)).until(() -> text(screen).contains("24 80"));
      term.resize(120, 40);
      term.sendInput("stty size\n");
      await().atMost(Duration.ofSeconds(10)).until(() -> text(screen).contains("40 120"));
      term.sendInput("exit 5\n");
      assertThat(term.waitFor(Duration.ofSeconds(30)).exitCode()).isEqualTo(5);
    }
  }

  @Test
  void exposePort_reachesAServerInTheSandbox() throws Exception {
    try (Sandbox sandbox = create("expose")) {
      sandbox.commands().start("mkdir -p site && echo served-by-sandbox > site/index.html && "
          + "exec python3 -m http.server 8000 --directory site", CommandOptions.builder().tag("web").build());
      URI url = sandbox.exposePort(8000);
      assertThat(url.getHost()).isEqualTo("8000-" + sandbox.id() + ".localhost");
      assertThat(url.getPort()).isEqualTo(orchestrator.httpPort());

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
          RawHttp.get(orchestrator.httpPort(), url.getHost() + ":" + url.getPort(), "/index.html"))
          .matches("(?s)HTTP/1\\.[01] 200 .*").contains("served-by-sandbox"));
    }
  }

  @Test
  void close_killsTheSandbox_unlessKept() {
    String killed;
    try (Sandbox sandbox = create("close")) {
      killed = sandbox.id();
    }
    String kept;
    try (Sandbox sandbox = create("close").keepOnClose()) {
      kept = sandbox.id();
    }
    assertThat(orchestrator.client().list(SandboxFilter.all().withMetadata("test", "close"))).extracting(SandboxInfo::sandboxId)
        .containsExactly(kept);
    assertThat(orchestrator.client().kill(killed)).isFalse();
    assertThat(orchestrator.client().kill(kept)).isTrue();
  }

  @Test
  void connect_byIdWithTheKey_orWithTheTokenAlone() {
    try (Sandbox sandbox = create("connect")) {
      sandbox.files().write("note.txt", "shared");
      Sandbox again = orchestrator.client().connect(sandbox.id()).keepOnClose();
      assertThat(again.files().read("note.txt")).isEqualTo("shared");

      try (SoulBox keyless = SoulBox.builder().endpoint(orchestrator.endpoint()).build()) {
        Sandbox byToken = keyless.connect(sandbox.id(), sandbox.accessToken().orElseThrow()).keepOnClose();
        assertThat(byToken.commands().run("cat note.txt").stdout()).isEqualTo("shared");
        assertThatThrownBy(() -> keyless.connect(sandbox.id(), "wrong-token").commands().run("true"))
            .isInstanceOf(AuthenticationException.class);
      }
    }
  }

  @Test
  void wrongKey_isAuthentication_unknownSandbox_isNotFound() {
    try (SoulBox wrong = SoulBox.builder().endpoint(orchestrator.endpoint()).apiKey("not-the-key").build()) {
      assertThatThrownBy(wrong::list).isInstanceOf(AuthenticationException.class);
    }
    assertThatThrownBy(() -> orchestrator.client().connect("aaaaaaaaaaaaaaaaaaaa")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("aaaaaaaaaaaaaaaaaaaa");
    assertThat(orchestrator.client().kill("aaaaaaaaaaaaaaaaaaaa")).isFalse();
  }

  @Test
  void desktop_withVnc_servesItsNoVncPage() throws Exception {
    assertThat(OrchestratorProcess.Docker.hasImage("soulbox/desktop:latest"))
        .as("image soulbox/desktop must be built first: sandbox-image/build.sh").isTrue();
    try (Sandbox sandbox = orchestrator.client().create(CreateOptions.builder().template("desktop").vnc(true)
        .timeout(Duration.ofMinutes(5)).metadata("test", "desktop").build())) {
      URI page = sandbox.vncUrl().orElseThrow();
      assertThat(sandbox.info().vnc()).contains(page);
      assertThat(page.getPort()).isEqualTo(orchestrator.httpPort());
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + page.getPort() + page.getRawPath()
              + (page.getRawQuery() == null ? "" : "?" + page.getRawQuery()))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("SoulBox desktop");
    }
  }

  @Test
  void templates_buildFromADirectory_createFromIt_delete(@TempDir Path dir) throws Exception {
    String name = "it-sdk-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      Files.writeString(dir.resolve("greeting.txt"), "hello from the template\n");
      List<String> lines = new CopyOnWriteArrayList<>();
      TemplateInfo built = orchestrator.client().templates().build(TemplateSpec.builder(name,
          "FROM soulbox/base\nCOPY greeting.txt /opt/greeting.txt\n").context(dir).memoryMib(768).build(), lines::add);
      assertThat(built.name()).isEqualTo(name);
      assertThat(built.image()).isEqualTo("soulbox/" + name + ":latest");
      assertThat(built.memoryMib()).isEqualTo(768);
      assertThat(lines).anyMatch(l -> l.contains("COPY greeting.txt"));
      assertThat(orchestrator.client().templates().list()).extracting(TemplateInfo::name).contains("base", "desktop", name);

      try (Sandbox sandbox = orchestrator.client().create(CreateOptions.builder().template(name).timeout(Duration.ofMinutes(3)).build())) {
        assertThat(sandbox.files().read("/opt/greeting.txt")).isEqualTo("hello from the template\n");
        assertThat(sandbox.info().memoryMib()).isEqualTo(768);
      }
      orchestrator.client().templates().delete(name);
      assertThat(orchestrator.client().templates().list()).extracting(TemplateInfo::name).doesNotContain(name);
      assertThatThrownBy(() -> orchestrator.client().templates().delete(name)).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> orchestrator.client().templates().build(TemplateSpec.builder(name, "FROM debian:bookworm\n").build(),
          lines::add)).isInstanceOf(dev.soulbox.sdk.InvalidArgumentException.class).hasMessageContaining("not a SoulBox template");
    } finally {
      OrchestratorProcess.Docker.removeImage("soulbox/" + name + ":latest");
    }
  }

  private static String text(ByteArrayOutputStream screen) {
    synchronized (screen) {
      return screen.toString(StandardCharsets.UTF_8);
    }
  }

  private static String sha256(byte[] data) throws Exception {
    byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(data);
    StringBuilder s = new StringBuilder();
    for (byte b : d) {
      s.append(String.format("%02x", b));
    }
    return s.toString();
  }

}
