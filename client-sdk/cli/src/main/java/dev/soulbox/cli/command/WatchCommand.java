package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.SandboxClientCommand;
import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.WatchHandle;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code soulbox watch ID PATH}: prints changes in a directory until Ctrl-C or the directory goes away. */
@Command(name = "watch", header = "Print the changes in a sandbox's directory as they happen.",
    description = {"One line per change: its kind (create, write, remove, rename, chmod) and the path relative "
        + "to the directory; with --json, one FilesystemEvent per line. Runs until Ctrl-C, or until the "
        + "directory or the sandbox goes away."})
public final class WatchCommand extends SandboxClientCommand {
  @Parameters(index = "1", paramLabel = "PATH", description = "The directory.")
  String path;

  @Option(names = {"-r", "--recursive"}, description = "Also watch subdirectories, including new ones.")
  boolean recursive;

  @Override
  protected int run(Sandbox sandbox) throws InterruptedException {
    try (WatchHandle watch = sandbox.files().watchDir(path, recursive, e -> {
      if (json()) {
        printJsonLine(ApiJson.event(e));
      } else {
        out().println(e.type().name().toLowerCase(Locale.ROOT) + " " + e.name());
        out().flush();
      }
    })) {
      err().println("soulbox: watching " + path + " in " + id + (recursive ? " and below" : "") + "; Ctrl-C to stop");
      err().flush();
      while (watch.isActive()) {
        Thread.sleep(200);
      }
      if (watch.failure().isPresent()) {
        throw watch.failure().get();
      }
    }
    return 0;
  }
}
