package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.ClientCommand;
import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SandboxInfo;
import dev.soulbox.sdk.SoulBox;
import java.util.Locale;
import picocli.CommandLine.Parameters;

/** {@code sandbox pause} and {@code sandbox resume}: move a sandbox to another state and print the one it is in. */
abstract class SandboxStateCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The sandbox.")
  String id;

  @Override
  protected final int run(SoulBox client) {
    SandboxInfo info = change(sandbox(client, id));
    printResult(ApiJson.sandbox(info, null), info.sandboxId() + " " + info.state().name().toLowerCase(Locale.ROOT));
    return 0;
  }

  /** Makes the change; returns the sandbox as it is afterwards. */
  abstract SandboxInfo change(Sandbox sandbox);
}
