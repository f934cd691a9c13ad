package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.SandboxClientCommand;
import dev.soulbox.cli.Table;
import dev.soulbox.sdk.EntryInfo;
import dev.soulbox.sdk.Sandbox;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code soulbox files ls ID [PATH]}. */
@Command(name = "ls", header = "List a directory in a sandbox, as ls -l does.")
public final class FilesLsCommand extends SandboxClientCommand {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

  @Parameters(index = "1", paramLabel = "PATH", defaultValue = ".",
      description = "Absolute, or relative to the user's home (default: the home).")
  String path;

  @Option(names = {"-d", "--depth"}, paramLabel = "N", defaultValue = "1", description = "Levels of subdirectories to list too (default: ${DEFAULT-VALUE}).")
  int depth;

  @Override
  protected int run(Sandbox sandbox) {
    List<EntryInfo> entries = sandbox.files().list(path, depth).stream()
        .sorted(Comparator.comparing(EntryInfo::path)).toList();
    if (json()) {
      printJson(ApiJson.entries(entries));
      return 0;
    }
    Table t = new Table("MODE", "OWNER", "GROUP", "SIZE", "MODIFIED", "NAME");
    for (EntryInfo e : entries) {
      String name = depth > 1 ? e.path() : e.name();
      if (e.isDirectory()) {
        name += "/";
      }
      if (e.symlinkTarget() != null) {
        name += " -> " + e.symlinkTarget();
      }
      t.row(e.permissions(), e.owner(), e.group(), e.size(), TIME.format(e.modifiedTime()), name);
    }
    t.print(out());
    return 0;
  }
}
