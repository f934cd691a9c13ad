package dev.soulbox.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {
  @TempDir
  Path dir;
  private TestSandbox box;
  private Commands commands;

  @BeforeEach
  void start() {
    box = TestSandbox.start(dir);
    commands = box.sandbox.commands();
  }

  @AfterEach
  void stop() {
    box.close();
  }

  @Test
  void run_collectsStdoutStderrAndExitCode() {
    CommandResult r = commands.run("echo out; echo err >&2; exit 3");

    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).isEqualTo("err\n");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.succeeded()).isFalse();
  }

  @Test
  void run_nonZeroExit_isAnExceptionOnlyWhenAskedFor() {
    assertThat(commands.run("false").exitCode()).isEqualTo(1);

    assertThatThrownBy(() -> commands.run("echo oops >&2; exit 2",
        CommandOptions.builder().throwOnNonZeroExit(true).build()))
        .isInstanceOfSatisfying(CommandExitException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(2);
          assertThat(e.result().stderr()).isEqualTo("oops\n");
          assertThat(e).hasMessageContaining("code 2").hasMessageContaining("oops");
        });
  }

  @Test
  void run_usesCwdAndEnvs() throws Exception {
    Files.createDirectory(dir.resolve("sub"));
    CommandResult r = commands.run("pwd; echo $GREETING", CommandOptions.builder()
        .cwd(dir.resolve("sub").toString()).env("GREETING", "hello").build());

    assertThat(r.stdout()).isEqualTo(dir.resolve("sub").toRealPath() + "\nhello\n");
  }

  @Test
  void run_streamsOutputToCallbacksAsItComes() {
    List<String> out = new CopyOnWriteArrayList<>();
    List<String> err = new CopyOnWriteArrayList<>();

    CommandResult r = commands.run("for i in 1 2 3; do echo o$i; echo e$i >&2; sleep 0.05; done",
        CommandOptions.builder().onStdout(out::add).onStderr(err::add).build());

    assertThat(String.join("", out)).isEqualTo("o1\no2\no3\n").isEqualTo(r.stdout());
    assertThat(String.join("", err)).isEqualTo("e1\ne2\ne3\n").isEqualTo(r.stderr());
    assertThat(out).hasSizeGreaterThan(1);
  }

  @Test
  void run_decodesUtf8SplitAcrossChunks() {
    CommandResult r = commands.run("printf '\\xc3'; sleep 0.1; printf '\\xa9t\\xc3\\xa9\\n'");

    assertThat(r.stdout()).isEqualTo("été\n");
  }

  @Test
  void run_timeout_killsTheCommand() {
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> commands.run("sleep 30", CommandOptions.builder().timeout(Duration.ofMillis(500)).build()))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("killed");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    await().untilAsserted(() -> assertThat(commands.list()).isEmpty());
  }

  @Test
  void run_missingCwd_isInvalidArgument() {
    assertThatThrownBy(() -> commands.run("true", CommandOptions.builder().cwd("/no/such/dir").build()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("/no/such/dir");
  }

  @Test
  void start_stdinCanBeWrittenAndClosed() {
    CommandHandle cat = commands.start("cat");
    cat.sendStdin("hello\n");
    cat.sendStdin("world\n".getBytes(StandardCharsets.UTF_8));
    await().until(() -> cat.stdout().equals("hello\nworld\n"));
    cat.closeStdin();

    CommandResult r = cat.waitFor(Duration.ofSeconds(10));

    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo("hello\nworld\n");
    assertThat(cat.isDone()).isTrue();
  }

  @Test
  void start_signalByName_reachesTheProcess() {
    CommandHandle h = commands.start("trap 'echo got-int; exit 7' INT; echo ready; while true; do sleep 0.05; done");
    await().until(() -> h.stdout().contains("ready"));

    h.signal("SIGINT");

    CommandResult r = h.waitFor(Duration.ofSeconds(10));
    assertThat(r.stdout()).contains("got-int");
    assertThat(r.exitCode()).isEqualTo(7);
  }

  @Test
  void start_kill_endsTheProcess() {
    CommandHandle h = commands.start("sleep 60");

    assertThat(h.kill()).isTrue();

    CommandResult r = h.waitFor(Duration.ofSeconds(10));
    assertThat(r.exitCode()).isEqualTo(-1);
    assertThat(h.kill()).isFalse();
  }

  @Test
  void waitFor_timeout_leavesTheProcessRunning() {
    CommandHandle h = commands.start("sleep 60");

    assertThatThrownBy(() -> h.waitFor(Duration.ofMillis(200)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("still running");
    assertThat(commands.list()).extracting(ProcessInfo::pid).contains(h.pid());
    assertThat(commands.kill(h.pid())).isTrue();
  }

  @Test
  void list_showsRunningCommandsWithTags() {
    CommandHandle h = commands.start("sleep 60", CommandOptions.builder().tag("sleeper").build());

    List<ProcessInfo> list = commands.list();

    assertThat(list).singleElement().satisfies(p -> {
      assertThat(p.pid()).isEqualTo(h.pid());
      assertThat(p.tag()).isEqualTo("sleeper");
      assertThat(p.cmd()).isEqualTo("/bin/bash");
      assertThat(p.args()).containsExactly("-l", "-c", "sleep 60");
    });
    h.kill();
  }

  @Test
  void connect_byPid_replaysOutputThenFollows() {
    CommandHandle h = commands.start("echo before; read line; echo after-$line");
    await().until(() -> h.stdout().contains("before"));
    h.close();

    CommandHandle again = commands.connect(h.pid());
    assertThat(again.pid()).isEqualTo(h.pid());
    again.sendStdin("x\n");

    CommandResult r = again.waitFor(Duration.ofSeconds(10));
    assertThat(r.stdout()).isEqualTo("before\nafter-x\n");
  }

  @Test
  void connect_byTag_findsTheProcess() {
    CommandHandle h = commands.start("echo tagged; sleep 60", CommandOptions.builder().tag("job-1").build());

    List<String> seen = new CopyOnWriteArrayList<>();
    CommandHandle byTag = commands.connect("job-1", CommandOptions.builder().onStdout(seen::add).build());

    assertThat(byTag.pid()).isEqualTo(h.pid());
    assertThat(byTag.tag()).isEqualTo("job-1");
    await().until(() -> String.join("", seen).equals("tagged\n"));
    byTag.kill();
    assertThat(byTag.waitFor(Duration.ofSeconds(10)).exitCode()).isEqualTo(-1);
  }

  @Test
  void connect_unknownProcess_isNotFound() {
    assertThatThrownBy(() -> commands.connect(999_999)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> commands.connect("no-such-tag")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void start_tagInUse_isAlreadyExists() {
    CommandHandle h = commands.start("sleep 60", CommandOptions.builder().tag("once").build());

    assertThatThrownBy(() -> commands.start("true", CommandOptions.builder().tag("once").build()))
        .isInstanceOf(AlreadyExistsException.class);
    h.kill();
  }

  @Test
  void sendStdin_toProcessWithoutStdin_isInvalidArgument() {
    CommandHandle h = commands.start("sleep 60", CommandOptions.builder().stdin(false).build());

    assertThatThrownBy(() -> h.sendStdin("x")).isInstanceOf(InvalidArgumentException.class);
    h.kill();
  }
}
