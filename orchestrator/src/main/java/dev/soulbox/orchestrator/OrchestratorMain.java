package dev.soulbox.orchestrator;

import java.io.PrintWriter;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code java -jar soulbox-orchestrator.jar serve}: the host daemon of SoulBox. */
@Command(name = "soulbox-orchestrator", mixinStandardHelpOptions = true, version = "soulbox-orchestrator 0.1.0",
    description = "Runs SoulBox sandboxes on a Docker engine and serves their admin API.",
    subcommands = {ServeCommand.class, CommandLine.HelpCommand.class})
public final class OrchestratorMain implements Runnable {
  /** The name a launcher runs {@code serve} under, such as "soulbox server", so that its usage says so. */
  static final String COMMAND_NAME_ENV = "SOULBOX_COMMAND_NAME";

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(named(commandLine(), System.getenv(COMMAND_NAME_ENV)).execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new OrchestratorMain())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          PrintWriter err = cmd.getErr();
          err.println(cmd.getCommandName() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
          err.flush();
          return 1;
        });
  }

  /** Under {@code name} "soulbox server", the root is named {@code soulbox} and {@code serve} shows as {@code server}. */
  static CommandLine named(CommandLine cmd, String name) {
    String n = name == null ? "" : name.strip();
    int space = n.lastIndexOf(' ');
    if (space > 0) {
      cmd.getCommandSpec().name(n.substring(0, space).strip());
      cmd.getSubcommands().get("serve").getCommandSpec().name(n.substring(space + 1));
    }
    return cmd;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
