package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.ClientCommand;
import dev.soulbox.sdk.LogEntry;
import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SoulBox;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code soulbox sandbox logs ID [--follow]}. */
@Command(name = "logs", header = "Print a sandbox's log: lifecycle events and its services' output.",
    description = "With --json, one LogEntry per line.")
public final class SandboxLogsCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The sandbox.")
  String id;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new entries until the sandbox ends (or Ctrl-C).")
  boolean follow;

  @Override
  protected int run(SoulBox client) {
    Sandbox sandbox = sandbox(client, id);
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
