package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.ClientCommand;
import dev.soulbox.cli.Human;
import dev.soulbox.cli.Table;
import dev.soulbox.sdk.SandboxFilter;
import dev.soulbox.sdk.SandboxInfo;
import dev.soulbox.sdk.SandboxState;
import dev.soulbox.sdk.SoulBox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code soulbox sandbox list}: the sandboxes, filtered by metadata and state. */
@Command(name = "list", aliases = "ls", header = "List sandboxes.")
public final class SandboxListCommand extends ClientCommand {
  /** The states a sandbox can be asked for in. */
  enum State { running, paused }

  @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE",
      description = "Only sandboxes with this metadata; repeatable (all must match).")
  Map<String, String> filter = new LinkedHashMap<>();

  @Option(names = {"-s", "--state"}, split = ",", paramLabel = "STATE",
      description = "Only sandboxes in these states: ${COMPLETION-CANDIDATES} (default: any).")
  List<State> states = new ArrayList<>();

  @Option(names = {"-q", "--quiet"}, description = "Print only the ids.")
  boolean quiet;

  @Override
  protected int run(SoulBox client) {
    SandboxFilter f = SandboxFilter.all();
    for (Map.Entry<String, String> e : filter.entrySet()) {
      f = f.withMetadata(e.getKey(), e.getValue());
    }
    for (State s : states) {
      f = f.withState(SandboxState.valueOf(s.name().toUpperCase(Locale.ROOT)));
    }
    List<SandboxInfo> sandboxes = client.list(f);
    if (json()) {
      printJson(ApiJson.sandboxes(sandboxes));
      return 0;
    }
    if (quiet) {
      sandboxes.forEach(s -> out().println(s.sandboxId()));
      out().flush();
      return 0;
    }
    Instant now = Instant.now();
    Table t = new Table("SANDBOX ID", "TEMPLATE", "STATE", "STARTED", "ENDS", "METADATA");
    for (SandboxInfo s : sandboxes) {
      t.row(s.sandboxId(), s.template(), s.state().name().toLowerCase(Locale.ROOT),
          Human.relative(s.startedAt(), now), Human.relative(s.endAt(), now), Human.pairs(s.metadata()));
    }
    t.print(out());
    return 0;
  }
}
