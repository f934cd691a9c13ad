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
        "Talks to $SOULBOX_ENDPOINT with $SOULBOX_API_KEY, or what `soulbox auth login` saved."},
    subcommands = {
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
        ServerCommand.class})
public final class SoulBoxCommand implements Runnable {
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

  /** The command line with SoulBox's policies: exit codes, one-line errors. */
  public static CommandLine commandLine() {
    SoulBoxCommand root = new SoulBoxCommand();
    CommandLine cmd = new CommandLine(root);
    cmd.addSubcommand("help", new CommandLine.HelpCommand());
    cmd.getCommandSpec().usageMessage().footer(footer());
    cmd.getSubcommands().get("exec").setStopAtPositional(true); // soulbox exec ID ls -la
    // soulbox server --grpc-port 7070 --help: every argument is the orchestrator's
    cmd.getSubcommands().get("server").setUnmatchedOptionsArePositionalParams(true).setStopAtPositional(true);
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
