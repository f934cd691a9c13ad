package dev.soulbox.cli;

import dev.soulbox.cli.command.AuthCommand;
import dev.soulbox.cli.command.CompletionCommand;
import dev.soulbox.cli.command.CpCommand;
import dev.soulbox.cli.command.ExecCommand;
import dev.soulbox.cli.command.FilesCommand;
import dev.soulbox.cli.command.KillCommand;
import dev.soulbox.cli.command.PsCommand;
import dev.soulbox.cli.command.SandboxCommand;
import dev.soulbox.cli.command.ServerCommand;
import dev.soulbox.cli.command.TemplateCommand;
import dev.soulbox.cli.command.WatchCommand;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code soulbox}: the root of the command tree, and where its policies are wired, once. */
@Command(name = "soulbox", mixinStandardHelpOptions = true, versionProvider = SoulBoxCommand.Version.class,
    header = "Self-hosted sandboxes for AI agents.",
    description = {"Create sandboxes, run commands and terminals in them, move files, build templates; "
        + "or run the orchestrator itself with `soulbox server`.",
        "",
        "Talks to $SOULBOX_ENDPOINT with $SOULBOX_API_KEY, or what `soulbox auth login` saved."})
public final class SoulBoxCommand implements Runnable {
  /** The top-level commands, in the order {@code soulbox --help} lists them. */
  private static final List<Class<?>> COMMANDS = List.of(
      AuthCommand.class,
      SandboxCommand.class,
      TemplateCommand.class,
      ExecCommand.class,
      PsCommand.class,
      KillCommand.class,
      FilesCommand.class,
      CpCommand.class,
      WatchCommand.class,
      CompletionCommand.class,
      ServerCommand.class);


  @Spec
  CommandSpec spec;

  private boolean verbose;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "On failure, print the whole error with its causes and stack trace.")
  void verbose(boolean verbose) {
    this.verbose = verbose;
  }

  public boolean verbose() {
    return verbose;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The whole command tree with SoulBox's policies: exit codes, one-line errors. */
  public static CommandLine commandLine() {
    return commandLine(COMMANDS);
  }

  /**
   * The command tree {@code args} need. picocli builds its model of a command by reflection over
   * every option, which for the whole tree is a fifth of a second of each start; a command that
   * names a top-level command gets only that one. Help, completion scripts and anything unknown
   * get the whole tree.
   */
  public static CommandLine commandLine(String... args) {
    if (args.length > 0) {
      for (Class<?> command : COMMANDS) {
        Command names = command.getAnnotation(Command.class);
        if (command != CompletionCommand.class
            && (names.name().equals(args[0]) || List.of(names.aliases()).contains(args[0]))) {
          return commandLine(List.of(command));
        }
      }
    }
    return commandLine();
  }

  private static CommandLine commandLine(List<Class<?>> commands) {
    SoulBoxCommand root = new SoulBoxCommand();
    CommandLine cmd = new CommandLine(root);
    for (Class<?> command : commands) {
      cmd.addSubcommand(new CommandLine(command));
    }
    cmd.addSubcommand("help", new CommandLine.HelpCommand());
    cmd.getCommandSpec().usageMessage().footer(footer());
    Map<String, CommandLine> subcommands = cmd.getSubcommands();
    if (subcommands.containsKey("exec")) {
      subcommands.get("exec").setStopAtPositional(true); // soulbox exec ID ls -la
    }
    if (subcommands.containsKey("server")) {
      // soulbox server --grpc-port 7070 --help: every argument is the orchestrator's
      subcommands.get("server").setUnmatchedOptionsArePositionalParams(true).setStopAtPositional(true);
    }
    cmd.setExitCodeExceptionMapper(new ExitCodeMapper());
    cmd.setExecutionExceptionHandler((e, failed, parsed) -> {
      report(failed.getErr(), e, root.verbose);
      return ExitCodeMapper.exitCode(e);
    });
    cmd.setParameterExceptionHandler((e, args) -> {
      CommandLine failed = e.getCommandLine();
      String name = failed.getCommandSpec().qualifiedName();
      PrintWriter err = failed.getErr();
      err.println(name + ": " + ExitCodeMapper.message(e) + " (see '" + name + " --help')");
      if (root.verbose) {
        e.printStackTrace(err);
      }
      err.flush();
      return ExitCodes.USAGE;
    });
    return cmd;
  }

  private static void report(PrintWriter err, Exception e, boolean verbose) {
    Throwable cause = ExitCodeMapper.unwrap(e);
    String message = ExitCodeMapper.message(cause);
    if (!(cause instanceof ExitException x && x.getMessage() == null)) {
      err.println("soulbox: " + message);
    }
    if (verbose && !(cause instanceof ExitException)) {
      e.printStackTrace(err);
    }
    err.flush();
  }

  private static String[] footer() {
    String[] lines = new String[ExitCodes.HELP.length + 2];
    lines[0] = "";
    System.arraycopy(ExitCodes.HELP, 0, lines, 1, ExitCodes.HELP.length);
    lines[lines.length - 1] = "Run 'soulbox COMMAND --help' for more on a command; see docs/cli.md.";
    return lines;
  }

  /** The version in the jar's manifest, when run from the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SoulBoxCommand.class.getPackage().getImplementationVersion();
      return new String[] {"soulbox " + (v == null ? "(development build)" : v)};
    }
  }
}
