package dev.soulbox.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams cut mid-way by a proxy between the SDK and the agent: output resumes with nothing lost or repeated. */
class ReconnectTest {
  private static final String COUNT_TO_2000 = "for i in $(seq 1 2000); do echo line-$i; sleep 0.001; done";

  @TempDir
  Path dir;
  private SeverableProxy proxy;
  private TestSandbox box;

  private Sandbox start(UnaryOperator<SoulBox.Builder> tweak) {
    box = TestSandbox.startBehind(dir, agentPort -> {
      proxy = new SeverableProxy(agentPort);
      return proxy.port();
    }, tweak);
    return box.sandbox;
  }

  @AfterEach
  void stop() {
    if (box != null) {
      box.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void commandOutput_survivesSeveredConnections_withoutLossOrDuplicates() {
    Sandbox sandbox = start(b -> b);
    StringBuffer streamed = new StringBuffer();
    CommandHandle h = sandbox.commands().start(COUNT_TO_2000,
        CommandOptions.builder().onStdout(streamed::append).build());

    await().until(() -> h.stdout().contains("line-300\n"));
    proxy.severAll();
    await().until(() -> h.stdout().contains("line-1200\n"));
    proxy.severAll();

    CommandResult r = h.waitFor(Duration.ofSeconds(60));

    List<String> expected = IntStream.rangeClosed(1, 2000).mapToObj(i -> "line-" + i).toList();
    assertThat(r.stdout().lines()).containsExactlyElementsOf(expected);
    assertThat(streamed.toString()).isEqualTo(r.stdout());
    assertThat(r.exitCode()).isZero();
    assertThat(proxy.connections()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void commandOutput_givesUpAfterTheBound_andTheProcessCanBeReconnectedTo() {
    Sandbox sandbox = start(b -> b.reconnectPolicy(ReconnectPolicy.defaults().withGiveUpAfter(Duration.ofSeconds(1))));
    CommandHandle h = sandbox.commands().start("for i in $(seq 1 100000); do echo tick-$i; sleep 0.01; done");
    await().until(() -> h.stdout().contains("tick-5\n"));

    proxy.down();

    assertThatThrownBy(() -> h.waitFor(Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(ConnectionLostException.class, e -> {
          assertThat(e.pid()).hasValue(h.pid());
          assertThat(e.bytesReceived()).isPositive();
          assertThat(e).hasMessageContaining("pid " + h.pid());
        });
    assertThat(h.isDone()).isTrue();

    proxy.up();
    CommandHandle again = sandbox.commands().connect(h.pid());
    await().until(() -> again.stdout().contains("tick-"));
    assertThat(again.kill()).isTrue();
    assertThat(again.waitFor(Duration.ofSeconds(10)).exitCode()).isEqualTo(-1);
  }

  @Test
  void silentConnection_isNoticedByTheMissingKeepalives_andAbandoned() {
    Sandbox sandbox = start(b -> b.keepaliveInterval(Duration.ofSeconds(1)));
    CommandHandle h = sandbox.commands().start("for i in $(seq 1 30); do echo beat-$i; sleep 0.2; done");
    await().until(() -> h.stdout().contains("beat-3\n"));

    proxy.freezeAll();

    CommandResult r = h.waitFor(Duration.ofSeconds(30));
    List<String> expected = IntStream.rangeClosed(1, 30).mapToObj(i -> "beat-" + i).toList();
    assertThat(r.stdout().lines()).containsExactlyElementsOf(expected);
    assertThat(proxy.connections()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void ptyOutput_survivesASeveredConnection() {
    Sandbox sandbox = start(b -> b);
    PtyTest.Screen screen = new PtyTest.Screen();
    PtyHandle term = sandbox.pty().create(PtyOptions.builder(80, 24, screen::add)
        .command("for i in $(seq 1 500); do echo n-$i; sleep 0.002; done").build());

    await().until(() -> screen.text().contains("n-100\r\n"));
    proxy.severAll();

    assertThat(term.waitFor(Duration.ofSeconds(60)).exitCode()).isZero();
    List<String> expected = IntStream.rangeClosed(1, 500).mapToObj(i -> "n-" + i).toList();
    assertThat(screen.text().lines()).containsExactlyElementsOf(expected);
  }

  @Test
  void watch_subscribesAgainAfterASeveredConnection() {
    Sandbox sandbox = start(b -> b);
    sandbox.files().makeDir(dir.resolve("w").toString());
    List<FilesystemEvent> events = new CopyOnWriteArrayList<>();
    WatchHandle watch = sandbox.files().watchDir(dir.resolve("w").toString(), events::add);

    proxy.severAll();
    int[] n = {0};
    await().until(() -> {
      String name = "after-" + n[0]++;
      sandbox.files().write(dir.resolve("w").resolve(name).toString(), "x");
      return events.stream().anyMatch(e -> e.name().startsWith("after-"));
    });

    assertThat(watch.isActive()).isTrue();
    watch.close();
  }
}
