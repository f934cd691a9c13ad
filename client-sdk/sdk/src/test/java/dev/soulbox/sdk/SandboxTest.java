package dev.soulbox.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox-scoped parts of a {@link Sandbox} handle, against a real agent. */
class SandboxTest {
  @TempDir
  Path dir;
  private TestSandbox box;

  @BeforeEach
  void start() {
    box = TestSandbox.start(dir);
  }

  @AfterEach
  void stop() {
    box.close();
  }

  @Test
  void metricsAndIsRunning_comeFromTheAgent() {
    SandboxMetrics m = box.sandbox.metrics();

    assertThat(m.cpuCount()).isPositive();
    assertThat(m.memTotalBytes()).isPositive();
    assertThat(m.timestamp()).isBefore(Instant.now().plusSeconds(5));
    assertThat(box.sandbox.isRunning()).isTrue();
    assertThat(box.sandbox.id()).isEqualTo(TestSandbox.ID);
  }

  @Test
  void wrongAccessToken_isAuthenticationException() {
    Sandbox intruder = box.withToken("wrong");

    assertThatThrownBy(() -> intruder.commands().run("true")).isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> intruder.commands().list()).isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> intruder.files().read("/etc/hostname")).isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> intruder.files().write("x.txt", "x")).isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> intruder.files().watchDir(dir.toString(), e -> { }))
        .isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(intruder::isRunning).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void unreachableEndpoint_isConnectionLost() {
    try (SoulBox nowhere = SoulBox.builder().endpoint("127.0.0.1:1").build()) {
      Sandbox s = nowhere.connect(TestSandbox.ID, TestSandbox.TOKEN).keepOnClose();

      assertThatThrownBy(() -> s.files().stat("/")).isInstanceOf(ConnectionLostException.class)
          .hasMessageContaining("stat /");
      assertThat(s.isRunning()).isFalse();
    }
  }

  @Test
  void close_stopsTheHandlesStreams_butKeptCommandsRunOn() {
    Sandbox other = box.client.connect(TestSandbox.ID, TestSandbox.TOKEN);
    CommandHandle h = other.commands().start("sleep 60");

    other.keepOnClose().close();

    assertThat(h.isDone()).isTrue();
    assertThatThrownBy(h::waitFor).isInstanceOf(SoulBoxException.class).hasMessageContaining("closed");
    assertThat(box.sandbox.commands().list()).extracting(ProcessInfo::pid).contains(h.pid());
    assertThat(box.sandbox.commands().kill(h.pid())).isTrue();
  }

  @Test
  void closingTheClient_endsOpenStreams() {
    SoulBox other = box.client.toBuilder().endpoint("127.0.0.1:" + box.agent.port()).build();
    Sandbox sandbox = other.connect(TestSandbox.ID, TestSandbox.TOKEN).keepOnClose();
    CommandHandle h = sandbox.commands().start("sleep 60");
    box.client.close(); // the connection is shared: only the last client closes it

    other.close();

    assertThatThrownBy(() -> h.waitFor(java.time.Duration.ofSeconds(10))).isInstanceOf(ConnectionLostException.class);
    assertThatThrownBy(() -> sandbox.commands().start("true")).isInstanceOf(SoulBoxException.class);
  }
}
