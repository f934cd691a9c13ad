package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.SandboxClientCommand;
import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SandboxInfo;
import java.util.Locale;

/** {@code sandbox pause} and {@code sandbox resume}: move a sandbox to another state and print the one it is in. */
abstract class SandboxStateCommand extends SandboxClientCommand {
  @Override
  protected final int run(Sandbox sandbox) {
    SandboxInfo info = change(sandbox);
    printResult(ApiJson.sandbox(info, null), info.sandboxId() + " " + info.state().name().toLowerCase(Locale.ROOT));
    return 0;
  }

  /** Makes the change; returns the sandbox as it is afterwards. */
  abstract SandboxInfo change(Sandbox sandbox);
}
