package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.SandboxClientCommand;
import dev.soulbox.cli.Table;
import dev.soulbox.sdk.ProcessInfo;
import dev.soulbox.sdk.Sandbox;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code soulbox ps ID}. */
@Command(name = "ps", header = "List the processes running in a sandbox (those started through SoulBox).")
public final class PsCommand extends SandboxClientCommand {
  @Override
  protected int run(Sandbox sandbox) {
    List<ProcessInfo> processes = sandbox.commands().list();
    if (json()) {
      printJson(ApiJson.processes(processes));
      return 0;
    }
    Table t = new Table("PID", "TAG", "CWD", "COMMAND");
    for (ProcessInfo p : processes) {
      t.row(p.pid(), p.tag() == null ? "-" : p.tag(), p.cwd(), String.join(" ", prepend(p.cmd(), p.args())));
    }
    t.print(out());
    return 0;
  }

  private static List<String> prepend(String first, List<String> rest) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
  }
}
