package dev.soulbox.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentMainTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return AgentMain.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8).strip();
  }

  @Test
  void badOption_isOneLineThatSaysWhatIsWrong_andExitsWithTheUsageCode() {
    int code = run("--port", "not-a-number");

    assertThat(code).isEqualTo(AgentMain.USAGE);
    assertThat(err()).doesNotContain("\n").contains("--port").contains("not-a-number").endsWith("(see --help)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--nope", "--port=70000", "--slow-client-timeout=soon", "--output-buffer-kib=0", "--workdir"})
  void everyKindOfBadCommandLine_isRefusedWithTheUsageCode(String arg) {
    int code = run(arg);

    assertThat(code).isEqualTo(AgentMain.USAGE);
    assertThat(err()).startsWith("soulbox-envd-agent: ").contains(arg.replaceAll("=.*", "")).endsWith("(see --help)");
  }

  @Test
  void workdirThatIsNoDirectory_isRefusedBeforeTheAgentListens() {
    Path missing = dir.resolve("missing");
    int code = run("--port", "0", "--workdir", missing.toString());

    assertThat(code).isEqualTo(AgentMain.USAGE);
    assertThat(err()).isEqualTo("soulbox-envd-agent: --workdir " + missing + " is not a directory (see --help)");
  }

  @Test
  void helpAndVersion_printAndExitZero() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: soulbox-envd-agent").contains("--process-ledger");
    out.reset();
    assertThat(run("-V")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo("soulbox-envd-agent " + AgentConfig.VERSION);
  }

  @Test
  void options_takeSpaceOrEqualsSeparatedValues() {
    AgentOptions options = AgentOptions.parse(List.of("--port=0", "--host", "127.0.0.1", "--exit-retention=2m",
        "--slow-client-timeout", "500ms", "--output-buffer-kib", "64", "--default-user=root"), Map.of());

    assertThat(options.port).isZero();
    assertThat(options.host).isEqualTo("127.0.0.1");
    assertThat(options.exitRetention).isEqualTo(Duration.ofMinutes(2));
    assertThat(options.slowClientTimeout).isEqualTo(Duration.ofMillis(500));
    assertThat(options.outputBufferKib).isEqualTo(64);
    assertThat(options.defaultUser).isEqualTo("root");
  }

  @Test
  void defaults_areTheDocumentedOnes() {
    AgentOptions options = AgentOptions.parse(List.of(), Map.of());

    assertThat(options.port).isEqualTo(49983);
    assertThat(options.host).isEqualTo("0.0.0.0");
    assertThat(options.outputBufferKib).isEqualTo(1024);
    assertThat(options.slowClientTimeout).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.exitRetention).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.accessToken()).isNull();
  }

  @Test
  void tokenFromTheEnvironment_mayStartLikeAnOption() {
    AgentOptions options = AgentOptions.parse(List.of("--port", "0", "--default-user", "root"),
        Map.of("SOULBOX_ACCESS_TOKEN", "-VFzcnZj1cUcc5-U5mLEEvHy"));

    assertThat(options.accessToken()).isEqualTo("-VFzcnZj1cUcc5-U5mLEEvHy");
  }

  @Test
  void tokenOnTheCommandLine_winsOverTheEnvironment_andBlankMeansNone() {
    assertThat(AgentOptions.parse(List.of("--access-token", "-hToken"), Map.of("SOULBOX_ACCESS_TOKEN", "from-env"))
        .accessToken()).isEqualTo("-hToken");
    assertThat(AgentOptions.parse(List.of(), Map.of("SOULBOX_ACCESS_TOKEN", " ")).accessToken()).isNull();
  }

  @Test
  void aValueMissingAtTheEnd_isNamed() {
    assertThatThrownBy(() -> AgentOptions.parse(List.of("--port"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'--port'");
  }
}
