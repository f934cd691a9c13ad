package dev.soulbox.orchestrator;

import java.io.PrintWriter;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar soulbox-orchestrator.jar serve}: the host daemon of SoulBox. */
@Command(name = "soulbox-orchestrator", mixinStandardHelpOptions = true, version = "soulbox-orchestrator 0.1.0",
    description = "Runs SoulBox sandboxes on a Docker engine and serves their admin API.",
    subcommands = {ServeCommand.class, CommandLine.HelpCommand.class})
public final class OrchestratorMain implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(commandLine().execute(args));
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

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
