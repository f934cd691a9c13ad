package dev.soulbox.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.soulbox.it.orchestrator.OrchestratorProcess;
import dev.soulbox.it.orchestrator.RunningOrchestrator;
import dev.soulbox.sdk.CreateOptions;
import dev.soulbox.sdk.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code soulbox sandbox connect} driven under tmux as a person would: type a command and see its
 * output, resize the window and see the sandbox's terminal follow, leave with Ctrl-D or
 * {@code exit 7}, and find the exit code and a sane terminal afterwards.
 */
class ConnectIT {
  private static final Duration SCREEN = Duration.ofSeconds(30);

  @TempDir
  static Path configHome;

  @RegisterExtension
  static final RunningOrchestrator orchestrator = new RunningOrchestrator();

  private static Sandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = orchestrator.client().create(CreateOptions.builder().timeout(Duration.ofMinutes(10)).metadata("test", "connect").build());
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private static String env() {
    return "env SOULBOX_ENDPOINT=" + orchestrator.endpoint() + " SOULBOX_API_KEY=" + OrchestratorProcess.API_KEY
        + " XDG_CONFIG_HOME=" + configHome;
  }

  private static String connect() {
    return env() + " " + SoulBoxCli.LAUNCHER + " sandbox connect " + sandbox.id();
  }

  @Test
  void typeSeeResize_thenCtrlD_endsIt_withExitCode0() {
    // The pane's command is connect, followed by an echo of its exit code: on this kind of host tmux
    // does not always record the exit status of a JVM that ran in a pane (#{pane_dead_status} stays empty).
    try (Tmux tmux = Tmux.startOrSkip(100, 30, "sh -c '" + connect() + "; echo EXIT=$?'")) {
      await().atMost(SCREEN).until(() -> tmux.screen().contains("@" + sandbox.id()));

      tmux.typeLine("echo hi-$((6*7))");
      await().atMost(SCREEN).until(() -> tmux.screen().lines().anyMatch(l -> l.strip().equals("hi-42")));

      tmux.typeLine("stty size");
      await().atMost(SCREEN).until(() -> tmux.screen().lines().anyMatch(l -> l.strip().equals("30 100")));

      tmux.resizeWindow(120, 40);
      await().atMost(SCREEN).untilAsserted(() -> {
        tmux.typeLine("stty size");
        await().atMost(Duration.ofSeconds(3)).until(() -> tmux.screen().lines().anyMatch(l -> l.strip().equals("40 120")));
      });

      tmux.press("C-d");
      await().atMost(SCREEN).until(tmux::paneDead);
      assertThat(tmux.screen()).contains("EXIT=0");
    }
  }

  @Test
  void exit7_isTheExitCode_andTheTerminalIsRestored() {
    try (Tmux tmux = Tmux.startOrSkip(100, 30, "sh")) {
      tmux.typeLine("PS1='local$ '");
      tmux.typeLine(connect() + "; echo \"EXIT=$?\"; stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '; echo");
      await().atMost(SCREEN).until(() -> tmux.screen().contains("@" + sandbox.id()));

      tmux.typeLine("echo inside-the-sandbox");
      await().atMost(SCREEN).until(() -> tmux.screen().lines().anyMatch(l -> l.strip().equals("inside-the-sandbox")));
      tmux.typeLine("exit 7");

      await().atMost(SCREEN).until(() -> tmux.screen().contains("EXIT=7"));
      await().atMost(SCREEN).until(() -> Pattern.compile("(?m)^icanon echo\\s*$").matcher(tmux.screen()).find());
      assertThat(tmux.paneDead()).isFalse();
    }
  }
}
