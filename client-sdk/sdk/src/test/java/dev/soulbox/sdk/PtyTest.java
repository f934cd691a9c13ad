package dev.soulbox.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtyTest {
  @TempDir
  Path dir;
  private TestSandbox box;
  private Pty pty;

  @BeforeEach
  void start() {
    box = TestSandbox.start(dir);
    pty = box.sandbox.pty();
  }

  @AfterEach
  void stop() {
    box.close();
  }

  @Test
  void create_runsAShellOnATerminal_andResizeIsSeen() {
    Screen screen = new Screen();
    PtyHandle term = pty.create(80, 24, screen::add);

    term.sendInput("stty size; tty\n");
    // both lines may arrive in separate chunks
    await().until(() -> screen.text().contains("24 80") && screen.text().contains("/dev/pts/"));

    term.resize(100, 30);
    term.sendInput("stty size\n");
    await().until(() -> screen.text().contains("30 100"));

    term.sendInput("exit 0\n");
    assertThat(term.waitFor(Duration.ofSeconds(10)).exitCode()).isZero();
  }

  @Test
  void create_withCommandAndEnv() {
    Screen screen = new Screen();
    PtyHandle term = pty.create(PtyOptions.builder(120, 40, screen::add)
        .command("echo term=$TERM size=$(stty size) x=$X").env("X", "y").build());

    term.waitFor(Duration.ofSeconds(10));

    assertThat(screen.text()).contains("term=xterm-256color size=40 120 x=y");
  }

  @Test
  void kill_endsTheTerminal() {
    PtyHandle term = pty.create(80, 24, b -> { });

    assertThat(pty.kill(term.pid())).isTrue();

    assertThat(term.waitFor(Duration.ofSeconds(10)).exitCode()).isEqualTo(-1);
    assertThat(term.isDone()).isTrue();
  }

  @Test
  void connect_byTag_replaysTheScreenAndTakesInput() {
    PtyHandle first = pty.create(PtyOptions.builder(80, 24, b -> { }).tag("shell-1").build());
    first.sendInput("echo first-$((40+2))\n");
    first.close();

    Screen screen = new Screen();
    PtyHandle again = pty.connect("shell-1", screen::add);
    await().until(() -> screen.text().contains("first-42"));

    pty.sendInput(again.pid(), "echo second-$((50+5))\n".getBytes(StandardCharsets.UTF_8));
    await().until(() -> screen.text().contains("second-55"));
    pty.resize(again.pid(), 90, 20);
    again.sendInput(new byte[] {4}); // Ctrl-D ends the shell
    assertThat(again.waitFor(Duration.ofSeconds(10)).exitCode()).isZero();
  }

  @Test
  void resize_ofACommandWithoutTerminal_isInvalidArgument() {
    CommandHandle h = box.sandbox.commands().start("sleep 60");

    assertThatThrownBy(() -> pty.resize(h.pid(), 80, 24)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> pty.resize(h.pid(), 0, 24)).isInstanceOf(IllegalArgumentException.class);
    h.kill();
  }

  /** Everything a terminal printed. */
  static final class Screen {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    synchronized void add(byte[] data) {
      bytes.writeBytes(data);
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
