package dev.soulbox.cli.command;

import dev.soulbox.cli.ClientCommand;
import dev.soulbox.cli.ExitCodes;
import dev.soulbox.cli.Json;
import dev.soulbox.sdk.SoulBox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code soulbox sandbox kill ID…}. */
@Command(name = "kill", aliases = "rm", header = "Remove sandboxes and everything in them.",
    description = "Exits 3 when any of them did not exist (the others are still removed).")
public final class SandboxKillCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", arity = "1..*", description = "The sandboxes.")
  List<String> ids;

  @Override
  protected int run(SoulBox client) {
    List<String> killed = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      (client.kill(id) ? killed : missing).add(id);
    }
    if (json()) {
      Map<String, Object> m = Json.object();
      m.put("killed", killed);
      m.put("notFound", missing);
      printJson(m);
    } else {
      killed.forEach(id -> out().println(id));
      out().flush();
    }
    missing.forEach(id -> err().println("soulbox: sandbox " + id + " does not exist"));
    err().flush();
    return missing.isEmpty() ? ExitCodes.OK : ExitCodes.NOT_FOUND;
  }
}
