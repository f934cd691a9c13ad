package dev.soulbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.soulbox.cli.command.ExecCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command tree as a user meets it: help, usage errors, exit codes, one-line messages. */
class SoulBoxCommandTest {
  /** An endpoint nothing listens on. */
  private static final String NOWHERE = "127.0.0.1:1";

  static Stream<String> everyCommand() {
    List<String> names = new ArrayList<>();
    collect(SoulBoxCommand.commandLine(), "", names);
    return names.stream();
  }

  private static void collect(CommandLine cmd, String prefix, List<String> names) {
    for (Map.Entry<String, CommandLine> sub : cmd.getSubcommands().entrySet()) {
      if (!sub.getKey().equals(sub.getValue().getCommandName())) {
        continue; // an alias
      }
      String name = (prefix + " " + sub.getKey()).strip();
      names.add(name);
      collect(sub.getValue(), name, names);
    }
  }

  @ParameterizedTest
  @MethodSource("everyCommand")
  void everyCommand_hasHelp(String command) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.add("--help");

    Cli.Run run = Cli.run(args.toArray(String[]::new));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: soulbox " + command);
    assertThat(run.err()).isEmpty();
  }

  @Test
  void commandTree_isTheOneUsersExpect() {
    assertThat(everyCommand()).contains("auth login", "auth logout", "auth info",
        "sandbox create", "sandbox list", "sandbox info", "sandbox connect", "sandbox kill", "sandbox pause",
        "sandbox resume", "sandbox timeout", "sandbox logs", "sandbox metrics", "sandbox expose", "sandbox vnc",
        "template init", "template build", "template list", "template delete",
        "exec", "ps", "kill", "files ls", "cp", "watch", "server", "completion");
  }

  @Test
  void root_alone_printsUsage_withTheExitCodes() {
    Cli.Run run = Cli.run();

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: soulbox", "sandbox", "Exit codes:", "4  authentication");
  }

  @Test
  void group_alone_printsItsUsage() {
    Cli.Run run = Cli.run("sandbox");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: soulbox sandbox", "create", "connect");
  }

  @Test
  void server_isTheOrchestratorsServe() {
    Cli.Run run = Cli.run("server", "--help");

    assertThat(run.out()).contains("Usage: soulbox server", "--grpc-port", "--scope");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sandbox list --bogus", "sandbox info", "sandbox create --timeout 5x",
      "sandbox create --metadata novalue", "sandbox list --state sleeping", "kill abc notapid", "nosuchcommand",
      "cp a b c", "completion fish"})
  void usageErrors_exit2_withOneLine(String args) {
    Cli.Run run = Cli.run(args.split(" "));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).startsWith("soulbox").contains("--help").doesNotContain("Exception", "\tat ");
  }

  @Test
  void unreachableOrchestrator_exits6_withOneLine() {
    Cli.Run run = Cli.run("sandbox", "list", "--endpoint", NOWHERE);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).startsWith("soulbox: list sandboxes:").contains("Connection refused")
        .doesNotContain("\tat ");
  }

  @Test
  void verbose_addsTheStackTrace() {
    Cli.Run run = Cli.run("sandbox", "list", "--endpoint", NOWHERE, "--verbose");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run.err()).contains("ConnectionLostException", "\tat ");
  }

  @Test
  void badEndpoint_isUsage() {
    Cli.Run run = Cli.run("sandbox", "list", "--endpoint", "ftp://nowhere:x");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).startsWith("soulbox: ");
  }

  @Test
  void exec_takesTheCommandAfterTheId_withOrWithoutDashDash() {
    CommandLine cmd = SoulBoxCommand.commandLine();
    CommandLine.ParseResult parsed = cmd.parseArgs("exec", "--cwd", "/tmp", "abc", "ls", "-la", "--json");
    ExecCommand exec = (ExecCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(parsed.subcommand().matchedPositional(1).getValue().toString()).isEqualTo("[ls, -la, --json]");
    assertThat(exec).isNotNull();

    parsed = SoulBoxCommand.commandLine().parseArgs("exec", "abc", "--", "sh", "-c", "exit 3");
    assertThat(parsed.subcommand().matchedPositional(1).getValue().toString()).isEqualTo("[--, sh, -c, exit 3]"); // ExecCommand drops the "--"
  }

  @Test
  void aTopLevelCommand_getsOnlyItsOwnTree() {
    assertThat(SoulBoxCommand.commandLine("exec", "abc", "true").getSubcommands()).containsOnlyKeys("exec", "help");
    assertThat(SoulBoxCommand.commandLine("sandbox", "list").getSubcommands().get("sandbox").getSubcommands())
        .containsKeys("list", "create", "kill");
  }

  @ParameterizedTest
  @ValueSource(strings = {"help", "completion", "--help", "nosuchcommand"})
  void helpCompletionAndUnknownWords_getTheWholeTree(String first) {
    assertThat(SoulBoxCommand.commandLine(first).getSubcommands()).containsKeys("auth", "sandbox", "exec", "server");
  }

  @Test
  void completion_bash_completesTheTree() {
    Cli.Run run = Cli.run("completion", "bash");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("complete -F", "soulbox", "sandbox", "connect", "--template");
  }

  @Test
  void completion_zsh_loadsBashCompletionFirst() {
    Cli.Run run = Cli.run("completion", "zsh");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("bashcompinit", "complete -F");
  }
}
