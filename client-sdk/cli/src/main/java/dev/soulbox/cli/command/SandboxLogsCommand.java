package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.SandboxClientCommand;
import dev.soulbox.sdk.LogEntry;
import dev.soulbox.sdk.Sandbox;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code soulbox sandbox logs ID [--follow]}. */
@Command(name = "logs", header = "Print a sandbox's log: lifecycle events and its services' output.",
    description = "With --json, one LogEntry per line.")
public final class SandboxLogsCommand extends SandboxClientCommand {
  @Option(names = {"-f", "--follow"}, description = "Keep printing new entries until the sandbox ends (or Ctrl-C).")
  boolean follow;

  @Override
  protected int run(Sandbox sandbox) {
    Consumer<LogEntry> print = e -> {
      if (json()) {
        printJsonLine(ApiJson.log(e));
      } else {
        out().println(e.timestamp() + " " + e.source() + " " + e.message());
        out().flush();
      }
    };
    if (follow) {
      sandbox.followLogs(print);
    } else {
      sandbox.logs().forEach(print);
    }
    return 0;
  }
}
