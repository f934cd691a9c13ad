package dev.soulbox.it.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.soulbox.it.examples.PythonExample.Finished;
import dev.soulbox.it.examples.PythonExample.Line;
import dev.soulbox.it.examples.PythonExample.Run;
import dev.soulbox.it.orchestrator.OrchestratorProcess;
import dev.soulbox.it.orchestrator.RunningOrchestrator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Python example ({@code examples/python}), stubs generated from SoulBox's protos, against the
 * real orchestrator on the real Docker engine: a command's output streamed as it comes, its exit
 * code, the sandbox killed after it, after Ctrl-C, and never made with a wrong key.
 */
class PythonExampleIT {
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
  private static final Pattern CREATED = Pattern.compile("sandbox ([a-z0-9]{20}) created");

  /** No warm pool: every container of the scope is then one a request made. */
  @RegisterExtension
  static final RunningOrchestrator orchestrator = new RunningOrchestrator("--pool", "base=0");

  @BeforeAll
  static void start() {
    PythonExample.generateStubs();
  }

  private static Map<String, String> env(String apiKey) {
    return Map.of("SOULBOX_ENDPOINT", orchestrator.endpoint(), "SOULBOX_API_KEY", apiKey);
  }

  @Test
  void runCommand_streamsItsOutputAsItComes_exitsWithItsCode_killsTheSandbox() {
    List<Line> lines;
    Finished finished;
    try (Run run = PythonExample.start(env(OrchestratorProcess.API_KEY),
        "echo line-1; sleep 1; echo line-2; sleep 1; echo line-3; echo warning >&2; exit 7")) {
      finished = run.waitFor(RUN_TIMEOUT);
      lines = run.lines();
    }

    assertThat(finished.exitCode()).as(finished.toString()).isEqualTo(7);
    assertThat(finished.stdout()).as(finished.toString()).containsExactly("line-1", "line-2", "line-3");
    assertThat(Duration.ofNanos(lines.get(2).arrivedNanos() - lines.get(0).arrivedNanos()))
        .as("line-3 arrives about 2 s after line-1, not with it at the end").isGreaterThan(Duration.ofMillis(1500));
    assertThat(finished.stderr()).contains("warning\n", "exit code 7\n");
    String id = createdSandbox(finished);
    assertThat(finished.stderr()).contains("sandbox " + id + " killed");
    assertGone(id);
  }

  @Test
  void runCommand_endedBySignal_saysHow_exitsWithOne() {
    Finished finished = PythonExample.start(env(OrchestratorProcess.API_KEY), "echo before; kill -KILL $$").waitFor(RUN_TIMEOUT);

    assertThat(finished.exitCode()).as(finished.toString()).isEqualTo(1);
    assertThat(finished.stdout()).containsExactly("before");
    assertThat(finished.stderr()).contains("no exit code: signal: killed\n").doesNotContain("Traceback");
    assertGone(createdSandbox(finished));
  }

  @Test
  void runCommand_interrupted_killsTheSandbox() {
    Finished finished;
    try (Run run = PythonExample.start(env(OrchestratorProcess.API_KEY), "echo ready; sleep 120")) {
      await().atMost(RUN_TIMEOUT).until(() -> run.lines().stream().anyMatch(l -> l.text().equals("ready")));
      run.interrupt();
      finished = run.waitFor(Duration.ofSeconds(30));
    }

    assertThat(finished.exitCode()).as(finished.toString()).isEqualTo(130);
    assertThat(finished.stderr()).contains("interrupted").doesNotContain("Traceback");
    String id = createdSandbox(finished);
    assertThat(finished.stderr()).contains("sandbox " + id + " killed");
    assertGone(id);
  }

  @Test
  void runCommand_wrongApiKey_saysSo_createsNothing() {
    List<String> before = containersOfScope();
    Finished finished = PythonExample.start(env("not-the-key"), "echo never").waitFor(RUN_TIMEOUT);

    assertThat(finished.exitCode()).as(finished.toString()).isEqualTo(1);
    assertThat(finished.stdout()).isEmpty();
    assertThat(finished.stderr())
        .contains("refused the API key", "Set SOULBOX_API_KEY (or --api-key)")
        .doesNotContain("Traceback", "created");
    assertThat(containersOfScope()).isEqualTo(before);
  }

  @Test
  void runCommand_noOrchestrator_saysToStartIt() {
    Finished finished = PythonExample.start(Map.of("SOULBOX_ENDPOINT", "127.0.0.1:" + unusedPort(),
        "SOULBOX_API_KEY", OrchestratorProcess.API_KEY), "echo never").waitFor(RUN_TIMEOUT);

    assertThat(finished.exitCode()).as(finished.toString()).isEqualTo(1);
    assertThat(finished.stderr()).contains("cannot reach the orchestrator", "Is it running?").doesNotContain("Traceback");
  }

  private static String createdSandbox(Finished finished) {
    Matcher created = CREATED.matcher(finished.stderr());
    assertThat(created.find()).as(finished.toString()).isTrue();
    return created.group(1);
  }

  private static void assertGone(String id) {
    assertThat(orchestrator.client().list()).noneMatch(s -> s.sandboxId().equals(id));
    assertThat(containers("dev.soulbox.sandbox-id=" + id)).isEmpty();
  }

  /** The ids of the containers the test orchestrator made, running or not. */
  private static List<String> containersOfScope() {
    return containers("dev.soulbox.scope=" + orchestrator.scope());
  }

  private static List<String> containers(String label) {
    try {
      Process docker = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=" + label)
          .redirectErrorStream(true).start();
      String out = new String(docker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(docker.waitFor()).as(out).isZero();
      return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int unusedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
