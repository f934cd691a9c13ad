package dev.soulbox.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentMainTest {
  @TempDir Path dir;

  @Test
  void badOption_isOneLineThatSaysWhatIsWrong_andExitsWithTheUsageCode() {
    StringWriter err = new StringWriter();
    int code = AgentMain.commandLine().setErr(new PrintWriter(err)).execute("--port", "not-a-number");

    assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString().strip()).doesNotContain("\n").contains("--port").contains("not-a-number").endsWith("(see --help)");
  }

  @Test
  void workdirThatIsNoDirectory_isRefusedBeforeTheAgentListens() {
    StringWriter err = new StringWriter();
    Path missing = dir.resolve("missing");
    int code = AgentMain.commandLine().setErr(new PrintWriter(err)).execute("--port", "0", "--workdir", missing.toString());

    assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString().strip()).isEqualTo("soulbox-envd-agent: --workdir " + missing + " is not a directory (see --help)");
  }

  @Test
  void tokenFromTheEnvironment_mayStartLikeAnOption() {
    CommandLine line = AgentMain.commandLine(Map.of("SOULBOX_ACCESS_TOKEN", "-VFzcnZj1cUcc5-U5mLEEvHy"));
    line.parseArgs("--port", "0", "--default-user", "root");

    assertThat(((AgentMain) line.getCommand()).accessToken()).isEqualTo("-VFzcnZj1cUcc5-U5mLEEvHy");
  }

  @Test
  void tokenOnTheCommandLine_winsOverTheEnvironment_andBlankMeansNone() {
    CommandLine line = AgentMain.commandLine(Map.of("SOULBOX_ACCESS_TOKEN", "from-env"));
    line.parseArgs("--access-token", "-hToken");
    assertThat(((AgentMain) line.getCommand()).accessToken()).isEqualTo("-hToken");

    CommandLine blank = AgentMain.commandLine(Map.of("SOULBOX_ACCESS_TOKEN", " "));
    blank.parseArgs();
    assertThat(((AgentMain) blank.getCommand()).accessToken()).isNull();
  }
}
