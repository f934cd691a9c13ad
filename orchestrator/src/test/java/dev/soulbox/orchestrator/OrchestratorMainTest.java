package dev.soulbox.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OrchestratorMainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine cmd = OrchestratorMain.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    return cmd.execute(args);
  }

  @Test
  void noSubcommand_printsUsage() {
    assertThat(execute()).isZero();
    assertThat(out.toString()).contains("serve", "Run the orchestrator until stopped.");
  }

  @Test
  void serveHelp_listsOptionsAndDefaults() {
    assertThat(execute("serve", "--help")).isZero();
    assertThat(out.toString().replaceAll("\\s+", " ")).contains("--grpc-port", "(default: 7070)", "--http-port", "(default: 7080)",
        "--bind", "(default: 127.0.0.1)", "--api-key", "--state-dir", "--docker-host", "--max-sandboxes",
        "(default: 20)", "--default-timeout", "(default: 300s)", "--ready-timeout", "(default: 30s)",
        "--public-host", "--websockify-token-dir", "${XDG_CONFIG_HOME:-~/.config}/soulbox/api-key", "--no-tls");
  }

  @Test
  void serve_withALocalCaThatCannotBeUsed_stopsBeforeStartingAnything(@TempDir Path state) throws Exception {
    Files.createDirectories(state.resolve("tls"));
    Files.writeString(state.resolve("tls/ca.crt"), "not a certificate");

    assertThat(execute("serve", "--state-dir", state.toString(), "--api-key", "k")).isEqualTo(1);
    assertThat(err.toString()).contains("the local CA in " + state.resolve("tls") + " cannot be used: ca.crt is not a "
        + "PEM certificate (no CERTIFICATE block)");
  }

  @Test
  void serve_aPublicHostThatIsNoHost() {
    assertThat(execute("serve", "--public-host", "my host", "--api-key", "k")).isEqualTo(2);
    assertThat(err.toString()).contains("--public-host: public host 'my host' is neither a host name nor an IP address");
  }

  @Test
  void serveHelp_underTheNameALauncherGivesIt() {
    CommandLine cmd = OrchestratorMain.named(OrchestratorMain.commandLine(), "soulbox server");
    cmd.setOut(new PrintWriter(out));

    assertThat(cmd.execute("serve", "--help")).isZero();
    assertThat(out.toString()).contains("Usage: soulbox server [", "--grpc-port");
  }

  @Test
  void serve_badDuration() {
    assertThat(execute("serve", "--ready-timeout", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("'soon' is not a duration; use e.g. 500ms, 30s, 5m or 2h");
  }

  @Test
  void durations() {
    DurationConverter d = new DurationConverter();
    assertThat(d.convert("300")).isEqualTo(Duration.ofSeconds(300));
    assertThat(d.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(d.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(d.convert("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(d.convert("2h")).isEqualTo(Duration.ofHours(2));
  }
}
