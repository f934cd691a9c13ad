package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.ClientCommand;
import dev.soulbox.cli.Human;
import dev.soulbox.cli.Table;
import dev.soulbox.sdk.SoulBox;
import dev.soulbox.sdk.TemplateInfo;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code soulbox template list}. */
@Command(name = "list", aliases = "ls", header = "List templates.")
public final class TemplateListCommand extends ClientCommand {
  @Override
  protected int run(SoulBox client) {
    List<TemplateInfo> templates = client.templates().list();
    if (json()) {
      printJson(ApiJson.templates(templates));
      return 0;
    }
    Instant now = Instant.now();
    Table t = new Table("NAME", "IMAGE", "SIZE", "DESKTOP", "CPUS", "MEMORY", "POOL", "CREATED");
    for (TemplateInfo x : templates) {
      t.row(x.name(), x.image(), Human.bytes(x.sizeBytes()), x.desktop() ? "yes" : "no",
          x.cpus() > 0 ? x.cpus() : "-", x.memoryMib() > 0 ? x.memoryMib() + "MiB" : "-", x.poolSize(),
          x.createdAt() == null ? "-" : Human.relative(x.createdAt(), now));
    }
    t.print(out());
    return 0;
  }
}
