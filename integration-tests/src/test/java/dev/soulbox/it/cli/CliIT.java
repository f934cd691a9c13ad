package dev.soulbox.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.soulbox.cli.ExitCodes;
import dev.soulbox.it.orchestrator.OrchestratorProcess;
import dev.soulbox.proto.filesystem.EntryInfo;
import dev.soulbox.proto.filesystem.ListDirResponse;
import dev.soulbox.proto.orchestrator.v1.BuildTemplateEvent;
import dev.soulbox.proto.orchestrator.v1.ExposePortResponse;
import dev.soulbox.proto.orchestrator.v1.ListSandboxesResponse;
import dev.soulbox.proto.orchestrator.v1.ListTemplatesResponse;
import dev.soulbox.proto.orchestrator.v1.LogEntry;
import dev.soulbox.proto.orchestrator.v1.NetworkPolicy;
import dev.soulbox.proto.orchestrator.v1.Sandbox;
import dev.soulbox.proto.orchestrator.v1.SandboxMetrics;
import dev.soulbox.proto.orchestrator.v1.SandboxState;
import dev.soulbox.proto.orchestrator.v1.VncAccess;
import dev.soulbox.proto.process.ListResponse;
import dev.soulbox.proto.process.ProcessInfo;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/soulbox} as a script uses it, against the real orchestrator and Docker: exit codes,
 * stdout and stderr, and {@code --json} read back with protobuf's proto3 JSON parser.
 */
class CliIT {
  private static final String UNKNOWN = "aaaaaaaaaaaaaaaaaaaa";

  @TempDir
  static Path configHome;

  private static OrchestratorProcess orchestrator;
  private static SoulBoxCli cli;
  private static String id;

  @BeforeAll
  static void start() throws Exception {
    orchestrator = OrchestratorProcess.startOrSkip();
    cli = new SoulBoxCli(configHome).with("SOULBOX_ENDPOINT", orchestrator.endpoint())
        .with("SOULBOX_API_KEY", OrchestratorProcess.API_KEY);
    SoulBoxCli.Result created = ok(cli.run("sandbox", "create", "--json", "--timeout", "10m", "--metadata", "test=cli"));
    Sandbox s = parse(created.out(), Sandbox.newBuilder());
    id = s.getSandboxId();
    assertThat(id).matches("[a-z0-9]{20}");
    assertThat(s.getState()).isEqualTo(SandboxState.SANDBOX_STATE_RUNNING);
    assertThat(s.getEnvdAccessToken()).isNotEmpty();
    assertThat(s.getMetadataMap()).containsEntry("test", "cli");
  }

  @AfterAll
  static void stop() {
    if (orchestrator != null) {
      if (id != null) {
        cli.run("sandbox", "kill", id);
      }
      orchestrator.close();
    }
  }

  private static SoulBoxCli.Result ok(SoulBoxCli.Result r) {
    assertThat(r.code()).as(r.toString()).isZero();
    return r;
  }

  @SuppressWarnings("unchecked")
  private static <M extends Message> M parse(String json, Message.Builder builder) throws Exception {
    JsonFormat.parser().merge(json, builder);
    return (M) builder.build();
  }

  /** A failure as scripts see it: the code, one line on stderr, no stack trace, nothing on stdout. */
  private static void assertFails(SoulBoxCli.Result r, int code, String message) {
    assertThat(r.code()).as(r.toString()).isEqualTo(code);
    assertThat(r.err().strip().lines()).as(r.toString()).hasSize(1);
    assertThat(r.err()).startsWith("soulbox").contains(message).doesNotContain("\tat ", "Exception");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void sandboxScreenshot_savesThePngOfADesktopWhole_andSaysWhyWhenItCannot(@TempDir Path dir) throws Exception {
    assertFails(cli.run("sandbox", "screenshot", id, "-o", dir.resolve("base.png").toString()), ExitCodes.USAGE,
        "has no desktop");
    Sandbox desktop = parse(ok(cli.run("sandbox", "create", "--json", "-t", "desktop", "--timeout", "5m",
        "--metadata", "test=cli-desktop")).out(), Sandbox.newBuilder());
    String desktopId = desktop.getSandboxId();
    try {
      Path png = dir.resolve("screen.png");
      SoulBoxCli.Result saved = ok(cli.run("sandbox", "screenshot", desktopId, "-o", png.toString()));
      assertThat(saved.out()).contains(png.toString(), "1280x800");
      BufferedImage image = ImageIO.read(png.toFile());
      assertThat(image.getWidth()).isEqualTo(1280);
      assertThat(image.getHeight()).isEqualTo(800);
      byte[] piped = ok(cli.run("sandbox", "screenshot", desktopId, "-o", "-")).stdout();
      assertThat(ImageIO.read(new ByteArrayInputStream(piped)).getWidth()).as("a PNG on stdout").isEqualTo(1280);
      assertFails(cli.run("sandbox", "screenshot", desktopId, "-o", dir.resolve("missing/screen.png").toString()),
          ExitCodes.USAGE, "does not exist");
    } finally {
      ok(cli.run("sandbox", "kill", desktopId));
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).as("no partial file is left").containsExactly("screen.png");
    }
  }

  @Test
  void sandboxListAndInfo_json() throws Exception {
    ListSandboxesResponse all = parse(ok(cli.run("sandbox", "list", "--json")).out(), ListSandboxesResponse.newBuilder());
    assertThat(all.getSandboxesList()).extracting(Sandbox::getSandboxId).contains(id);
    ListSandboxesResponse mine = parse(ok(cli.run("sandbox", "list", "--json", "--filter", "test=cli")).out(),
        ListSandboxesResponse.newBuilder());
    assertThat(mine.getSandboxesList()).extracting(Sandbox::getSandboxId).containsExactly(id);
    ListSandboxesResponse none = parse(ok(cli.run("sandbox", "list", "--json", "--filter", "test=other")).out(),
        ListSandboxesResponse.newBuilder());
    assertThat(none.getSandboxesList()).isEmpty();

    assertThat(ok(cli.run("sandbox", "list", "-q", "--filter", "test=cli", "--state", "running")).out()).isEqualTo(id + "\n");
    assertThat(ok(cli.run("sandbox", "list")).out()).startsWith("SANDBOX ID").contains(id, "test=cli");

    Sandbox info = parse(ok(cli.run("sandbox", "info", id, "--json")).out(), Sandbox.newBuilder());
    assertThat(info.getTemplate()).isEqualTo("base");
    assertThat(ok(cli.run("sandbox", "info", id)).out()).contains("id:", id, "template: base");
  }

  @Test
  void exec_streamsToTheRightDescriptors_andExitsWithTheCommandsCode() {
    SoulBoxCli.Result r = cli.run("exec", id, "--", "sh", "-c", "echo to-out; echo to-err >&2; exit 3");
    assertThat(r.code()).as(r.toString()).isEqualTo(3);
    assertThat(r.out()).isEqualTo("to-out\n");
    assertThat(r.err()).isEqualTo("to-err\n");

    assertThat(ok(cli.run("exec", id, "echo one two | wc -w")).out().strip()).isEqualTo("2");
    assertThat(ok(cli.run("exec", "--env", "WHO=cli", "--cwd", "/tmp", id, "sh", "-c", "echo $WHO; pwd")).out())
        .isEqualTo("cli\n/tmp\n");

    SoulBoxCli.Result piped = cli.runWithInput("line one\nline two\n".getBytes(StandardCharsets.UTF_8), "exec", id, "--", "wc", "-l");
    assertThat(piped.code()).as(piped.toString()).isZero();
    assertThat(piped.out().strip()).isEqualTo("2");
    SoulBoxCli.Result read = cli.runWithInput("abc\n".getBytes(StandardCharsets.UTF_8), "exec", id, "--", "sh", "-c",
        "read x; echo got:$x");
    assertThat(read.out()).isEqualTo("got:abc\n");

    SoulBoxCli.Result timeout = cli.run("exec", "--timeout", "2s", id, "sleep", "30");
    assertThat(timeout.code()).as(timeout.toString()).isEqualTo(5);
    assertThat(timeout.err()).contains("soulbox:").doesNotContain("\tat ");

    SoulBoxCli.Result json = ok(cli.run("exec", "--json", id, "echo hi"));
    assertThat(json.out()).contains("\"exitCode\": 0", "\"stdout\": \"hi\\n\"");
  }

  @Test
  void cp_bothWays_checksummed_andFilesLs(@TempDir Path local) throws Exception {
    byte[] data = new byte[3 * 1024 * 1024 + 3];
    new Random(11).nextBytes(data);
    Path file = Files.write(local.resolve("data.bin"), data);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));

    ok(cli.run("exec", id, "mkdir -p cp"));
    ok(cli.run("cp", file.toString(), id + ":cp/"));
    assertThat(ok(cli.run("exec", id, "sha256sum cp/data.bin")).out()).startsWith(sha);

    Path back = local.resolve("back");
    Files.createDirectory(back);
    ok(cli.run("cp", id + ":cp/data.bin", back.toString()));
    assertThat(Files.mismatch(file, back.resolve("data.bin"))).isEqualTo(-1);

    ok(cli.runWithInput("from stdin\n".getBytes(StandardCharsets.UTF_8), "cp", "-", id + ":cp/note.txt"));
    assertThat(ok(cli.run("cp", id + ":cp/note.txt", "-")).out()).isEqualTo("from stdin\n");
    EntryInfo copied = parse(ok(cli.run("cp", "--json", file.toString(), id + ":cp/again.bin")).out(), EntryInfo.newBuilder());
    assertThat(copied.getSize()).isEqualTo(data.length);

    ListDirResponse ls = parse(ok(cli.run("files", "ls", id, "cp", "--json")).out(), ListDirResponse.newBuilder());
    assertThat(ls.getEntriesList()).extracting(EntryInfo::getName).containsExactlyInAnyOrder("data.bin", "note.txt", "again.bin");
    assertThat(ok(cli.run("files", "ls", id, "cp")).out()).startsWith("MODE").contains("data.bin", String.valueOf(data.length));

    assertFails(cli.run("cp", local.resolve("missing.bin").toString(), id + ":cp/"), 3, "missing.bin");
    assertFails(cli.run("cp", id + ":cp/missing.bin", local.toString()), 3, "missing.bin");
    assertFails(cli.run("cp", file.toString(), local.resolve("x").toString()), 2, "ID:PATH");
    assertThat(local.resolve("missing.bin")).doesNotExist();
  }

  @Test
  void psAndKill_aProcessStartedByExec() throws Exception {
    Process sleeper = cli.start(false, "exec", id, "sleep", "300");
    int[] pid = new int[1];
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      ListResponse ps = parse(ok(cli.run("ps", id, "--json")).out(), ListResponse.newBuilder());
      ProcessInfo p = ps.getProcessesList().stream()
          .filter(x -> String.join(" ", x.getConfig().getArgsList()).contains("sleep 300")).findFirst().orElseThrow(() -> new AssertionError("not running yet: " + ps));
      pid[0] = p.getPid();
    });
    assertThat(ok(cli.run("ps", id)).out()).startsWith("PID").contains(String.valueOf(pid[0]), "sleep 300");

    ok(cli.run("kill", id, String.valueOf(pid[0])));
    SoulBoxCli.Result killed = SoulBoxCli.finish(sleeper);
    assertThat(killed.code()).as(killed.toString()).isEqualTo(1);
    assertThat(killed.err()).contains("without an exit code");

    Process term = cli.start(false, "exec", id, "sleep", "301");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      ListResponse ps = parse(ok(cli.run("ps", id, "--json")).out(), ListResponse.newBuilder());
      pid[0] = ps.getProcessesList().stream().filter(x -> String.join(" ", x.getConfig().getArgsList()).contains("sleep 301"))
          .findFirst().orElseThrow(() -> new AssertionError("not running yet: " + ps)).getPid();
    });
    ok(cli.run("kill", "--signal", "TERM", id, String.valueOf(pid[0])));
    assertThat(SoulBoxCli.finish(term).code()).isNotZero();

    assertFails(cli.run("kill", id, "99999"), 3, "99999");
  }

  @Test
  void lifecycle_exposeVncTimeoutPauseMetricsResumeLogs() throws Exception {
    ExposePortResponse exposed = parse(ok(cli.run("sandbox", "expose", id, "8000", "--json")).out(),
        ExposePortResponse.newBuilder());
    assertThat(exposed.getUrl()).contains("8000-" + id + ".localhost:" + orchestrator.httpPort());
    assertFails(cli.run("sandbox", "vnc", id), 3, "no desktop");

    Sandbox longer = parse(ok(cli.run("sandbox", "timeout", id, "7m", "--json")).out(), Sandbox.newBuilder());
    assertThat(Instant.ofEpochSecond(longer.getEndAt().getSeconds()))
        .isBetween(Instant.now().plusSeconds(400), Instant.now().plusSeconds(421));

    Sandbox paused = parse(ok(cli.run("sandbox", "pause", id, "--json")).out(), Sandbox.newBuilder());
    assertThat(paused.getState()).isEqualTo(SandboxState.SANDBOX_STATE_PAUSED);
    SandboxMetrics metrics = parse(ok(cli.run("sandbox", "metrics", id, "--json")).out(), SandboxMetrics.newBuilder());
    assertThat(metrics.getMemTotalBytes()).isPositive();
    assertThat(metrics.getPids()).isPositive();
    assertThat(ok(cli.run("sandbox", "metrics", id)).out()).contains("memory:", "processes:");
    assertThat(ok(cli.run("sandbox", "resume", id)).out()).isEqualTo(id + " running\n");

    List<String> lines = ok(cli.run("sandbox", "logs", id, "--json")).out().lines().toList();
    assertThat(lines).isNotEmpty();
    List<LogEntry> entries = new java.util.ArrayList<>();
    for (String line : lines) {
      entries.add(parse(line, LogEntry.newBuilder()));
    }
    assertThat(entries).filteredOn(e -> e.getSource().equals("lifecycle")).extracting(LogEntry::getMessage)
        .anyMatch(m -> m.startsWith("created")).anyMatch(m -> m.startsWith("paused"))
        .anyMatch(m -> m.startsWith("resumed"));
  }

  @Test
  void desktop_vnc_thenKill() throws Exception {
    Sandbox desktop = parse(ok(cli.run("sandbox", "create", "-t", "desktop", "--vnc", "--timeout", "3m", "--json")).out(),
        Sandbox.newBuilder());
    String desktopId = desktop.getSandboxId();
    try {
      assertThat(desktop.getVnc().getNovncUrl()).contains("localhost:" + orchestrator.httpPort());
      assertThat(ok(cli.run("sandbox", "vnc", desktopId)).out().strip()).isEqualTo(desktop.getVnc().getNovncUrl());
      VncAccess vnc = parse(ok(cli.run("sandbox", "vnc", desktopId, "--json")).out(), VncAccess.newBuilder());
      assertThat(vnc.getNovncUrl()).isEqualTo(desktop.getVnc().getNovncUrl());
    } finally {
      SoulBoxCli.Result kill = cli.run("sandbox", "kill", desktopId);
      assertThat(kill.code()).as(kill.toString()).isZero();
      assertThat(kill.out()).isEqualTo(desktopId + "\n");
    }
    assertFails(cli.run("sandbox", "kill", desktopId), 3, desktopId);
  }

  @Test
  void networkPolicy_atCreate_shownAndReplaced() throws Exception {
    Sandbox shut = parse(ok(cli.run("sandbox", "create", "--no-internet", "--allow-out", "10.0.0.0/8,pypi.org",
        "--deny-out", "10.9.0.0/16", "--timeout", "3m", "--json")).out(), Sandbox.newBuilder());
    String shutId = shut.getSandboxId();
    try {
      assertThat(shut.getNetwork().getAllowInternetAccess()).isFalse();
      assertThat(shut.getNetwork().getAllowOutList()).containsExactly("10.0.0.0/8", "pypi.org");
      assertThat(ok(cli.run("sandbox", "network", shutId)).out().strip())
          .isEqualTo("no internet; allow 10.0.0.0/8, pypi.org; deny 10.9.0.0/16");

      NetworkPolicy open = parse(ok(cli.run("sandbox", "network", shutId, "--deny-out", "*.example.com", "--json")).out(),
          NetworkPolicy.newBuilder());
      assertThat(open.getAllowInternetAccess()).isTrue();
      assertThat(open.getDenyOutList()).containsExactly("*.example.com");
      assertThat(ok(cli.run("sandbox", "info", shutId)).out()).contains("network:  internet; deny *.example.com");

      assertFails(cli.run("sandbox", "network", shutId, "--allow-out", "10.0.0.0/99"), 2, "'10.0.0.0/99'");
      assertFails(cli.run("sandbox", "network", UNKNOWN, "--no-internet"), 3, UNKNOWN);
    } finally {
      ok(cli.run("sandbox", "kill", shutId));
    }
  }

  @Test
  void templates_listBuildDelete(@TempDir Path dir) throws Exception {
    ListTemplatesResponse list = parse(ok(cli.run("template", "list", "--json")).out(), ListTemplatesResponse.newBuilder());
    assertThat(list.getTemplatesList()).extracting(t -> t.getName()).contains("base", "desktop");

    String name = "it-cli-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      ok(cli.run("template", "init", dir.toString(), "--name", name));
      Files.writeString(dir.resolve("hello.txt"), "hi\n");
      Files.writeString(dir.resolve("Dockerfile"), "COPY hello.txt /opt/hello.txt\n", java.nio.file.StandardOpenOption.APPEND);
      List<String> events = ok(cli.run("template", "build", dir.toString(), "--json")).out().lines().toList();
      BuildTemplateEvent done = parse(events.get(events.size() - 1), BuildTemplateEvent.newBuilder());
      assertThat(done.getDone().getName()).isEqualTo(name);
      for (String line : events.subList(0, events.size() - 1)) {
        assertThat(((BuildTemplateEvent) parse(line, BuildTemplateEvent.newBuilder())).hasLog()).isTrue();
      }
      assertThat(ok(cli.run("template", "list")).out()).startsWith("NAME").contains(name);
      ok(cli.run("template", "delete", name));
      assertFails(cli.run("template", "delete", name), 3, name);
    } finally {
      OrchestratorProcess.Docker.removeImage("soulbox/" + name + ":latest");
    }
  }

  @Test
  void errors_haveFixedCodes_andOneLine() {
    assertFails(cli.run("sandbox", "info", UNKNOWN), 3, UNKNOWN);
    assertFails(cli.run("exec", UNKNOWN, "true"), 3, UNKNOWN);
    assertFails(cli.with("SOULBOX_API_KEY", "wrong-key").run("sandbox", "list"), 4, "x-api-key");
    assertFails(cli.with("SOULBOX_API_KEY", null).run("sandbox", "list"), 4, "SOULBOX_API_KEY");
    assertFails(cli.run("sandbox", "create", "--bogus"), 2, "--bogus");
    assertFails(cli.run("sandbox", "timeout", id, "soon"), 2, "not a duration");
    assertFails(cli.run("exec", "--cwd", "/nope", id, "true"), 2, "/nope");
    assertFails(cli.with("SOULBOX_ENDPOINT", "127.0.0.1:1").run("sandbox", "list"), 6, "orchestrator");
  }

  @Test
  void auth_loginInfoLogout_withTheConfigFile(@TempDir Path home) throws Exception {
    SoulBoxCli fresh = new SoulBoxCli(home);
    Path config = home.resolve("soulbox/config");

    assertFails(fresh.run("auth", "login", "--endpoint", orchestrator.endpoint(), "--api-key", "wrong"), 4, "x-api-key");
    assertThat(config).doesNotExist();

    SoulBoxCli.Result login = fresh.runWithInput((OrchestratorProcess.API_KEY + "\n").getBytes(StandardCharsets.UTF_8),
        "auth", "login", "--endpoint", orchestrator.endpoint());
    assertThat(login.code()).as(login.toString()).isZero();
    assertThat(login.out()).contains("Logged in to " + orchestrator.endpoint());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
    assertThat(Files.readString(config)).contains("endpoint=" + orchestrator.endpoint(), "api_key=" + OrchestratorProcess.API_KEY);

    SoulBoxCli.Result info = ok(fresh.run("auth", "info", "--json"));
    assertThat(info.out()).contains("\"endpointSource\": \"config file\"", "\"apiKeySource\": \"config file\"",
        "\"ok\": true").doesNotContain(OrchestratorProcess.API_KEY);
    assertThat(ok(fresh.run("sandbox", "list", "-q")).out()).contains(id);

    assertThat(ok(fresh.run("auth", "logout")).out()).contains("Logged out");
    assertThat(config).doesNotExist();
    SoulBoxCli.Result after = fresh.run("auth", "info");
    assertThat(after.code()).as(after.toString()).isEqualTo(6);
    assertThat(after.out()).contains("api key:     none");
  }

  @Test
  void launcher_followsSymlinks_completionParses_andAMissingJarIsOneLine(@TempDir Path dir) throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("soulbox"), SoulBoxCli.LAUNCHER);
    Process p = new ProcessBuilder(link.toString(), "--version").redirectErrorStream(true).start();
    assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("soulbox ");
    assertThat(p.waitFor()).isZero();

    Path script = Files.writeString(dir.resolve("completion.bash"), ok(cli.run("completion", "bash")).out());
    Process check = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
    String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor()).as(checked).isZero();

    SoulBoxCli.Result missing = cli.with("SOULBOX_CLI_JAR", dir.resolve("none.jar").toString()).run("--version");
    assertFails(missing, 1, "run mvn -DskipTests package first");
  }
}
