package dev.soulbox.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExecCommandTest {
  @Test
  void oneWord_isAShellCommandLine() {
    assertThat(ExecCommand.commandLine(List.of("ls /tmp | wc -l"))).isEqualTo("ls /tmp | wc -l");
  }

  @Test
  void severalWords_areQuotedForTheShell() {
    assertThat(ExecCommand.commandLine(List.of("sh", "-c", "echo 'hi' $HOME; exit 3", "", "a=b")))
        .isEqualTo("sh -c 'echo '\\''hi'\\'' $HOME; exit 3' '' a=b");
  }
}
