package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.SandboxClientCommand;
import dev.soulbox.cli.SandboxDetails;
import dev.soulbox.sdk.Sandbox;
import java.time.Instant;
import picocli.CommandLine.Command;

/** {@code soulbox sandbox info ID}. */
@Command(name = "info", aliases = "inspect", header = "Show a sandbox.")
public final class SandboxInfoCommand extends SandboxClientCommand {
  @Override
  protected int run(Sandbox sandbox) {
    if (json()) {
      printJson(ApiJson.sandbox(sandbox.info(), sandbox.accessToken().orElse(null)));
    } else {
      SandboxDetails.print(out(), sandbox.info(), Instant.now());
    }
    return 0;
  }
}
