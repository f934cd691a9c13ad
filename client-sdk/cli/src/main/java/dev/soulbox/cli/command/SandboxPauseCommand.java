package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.ClientCommand;
import dev.soulbox.sdk.SandboxInfo;
import dev.soulbox.sdk.SoulBox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code soulbox sandbox pause ID}. */
@Command(name = "pause", header = "Freeze every process in a sandbox (its timeout keeps running).")
public final class SandboxPauseCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The sandbox.")
  String id;

  @Override
  protected int run(SoulBox client) {
    SandboxInfo info = sandbox(client, id).pause();
    if (json()) {
      printJson(ApiJson.sandbox(info, null));
    } else {
      out().println(info.sandboxId() + " " + info.state().name().toLowerCase(java.util.Locale.ROOT));
      out().flush();
    }
    return 0;
  }
}
