package dev.soulbox.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.soulbox.cli.ExitCodes;
import dev.soulbox.cli.SoulBoxCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TemplateInitCommandTest {
  private static int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cmd = SoulBoxCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    return cmd.execute(args);
  }

  @Test
  void init_writesADockerfileOnATemplate_andSettingsNamedAfterTheDirectory(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("My Tools");
    StringWriter out = new StringWriter();

    assertThat(run(out, new StringWriter(), "template", "init", dir.toString(), "--from", "desktop")).isZero();

    assertThat(Files.readString(dir.resolve("Dockerfile"))).contains("\nFROM soulbox/desktop\n");
    assertThat(Files.readString(dir.resolve("soulbox.template"))).contains("\nname=my-tools\n");
    assertThat(out.toString()).contains("template my-tools");
  }

  @Test
  void init_refusesToOverwrite_unlessForced(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), "FROM soulbox/base\nRUN mine\n");
    StringWriter err = new StringWriter();

    assertThat(run(new StringWriter(), err, "template", "init", dir.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("exists; use --force");
    assertThat(Files.readString(dir.resolve("Dockerfile"))).contains("RUN mine");

    assertThat(run(new StringWriter(), new StringWriter(), "template", "init", dir.toString(), "--force", "-n", "x"))
        .isZero();
    assertThat(Files.readString(dir.resolve("soulbox.template"))).contains("name=x");
  }

  @Test
  void build_withoutADockerfile_saysHowToStartOne(@TempDir Path dir) {
    StringWriter err = new StringWriter();

    assertThat(run(new StringWriter(), err, "template", "build", dir.toString(), "--endpoint", "127.0.0.1:1"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("no Dockerfile", "soulbox template init");
  }
}
