package dev.soulbox.cli.command;

import dev.soulbox.cli.ExitCodes;
import dev.soulbox.cli.ExitException;
import dev.soulbox.cli.SandboxClientCommand;
import dev.soulbox.sdk.CommandHandle;
import dev.soulbox.sdk.Sandbox;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code soulbox kill ID PID [--signal S]}. */
@Command(name = "kill", header = "Send a signal to a process in a sandbox (default: KILL).")
public final class KillCommand extends SandboxClientCommand {
  @Parameters(index = "1", paramLabel = "PID", description = "The process, as `soulbox ps` lists it.")
  int pid;

  @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", defaultValue = "KILL",
      description = "By name (TERM, SIGINT) or number (15) (default: ${DEFAULT-VALUE}).")
  String signal;

  @Override
  protected int run(Sandbox sandbox) {
    String name = signal.toUpperCase(java.util.Locale.ROOT);
    if (name.equals("KILL") || name.equals("SIGKILL") || name.equals("9")) {
      if (!sandbox.commands().kill(pid)) {
        throw new ExitException(ExitCodes.NOT_FOUND, "no process " + pid + " in sandbox " + id);
      }
    } else {
      try (CommandHandle process = sandbox.commands().connect(pid)) {
        process.signal(signal);
      }
    }
    if (json()) {
      printJson(Map.of());
    }
    return 0;
  }
}
