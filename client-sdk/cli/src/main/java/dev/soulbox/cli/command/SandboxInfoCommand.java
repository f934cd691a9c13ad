package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.ClientCommand;
import dev.soulbox.cli.SandboxDetails;
import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SoulBox;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code soulbox sandbox info ID}. */
@Command(name = "info", aliases = "inspect", header = "Show a sandbox.")
public final class SandboxInfoCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The sandbox.")
  String id;

  @Override
  protected int run(SoulBox client) {
    Sandbox sandbox = sandbox(client, id);
    if (json()) {
      printJson(ApiJson.sandbox(sandbox.info(), sandbox.accessToken().orElse(null)));
    } else {
      SandboxDetails.print(out(), sandbox.info(), Instant.now());
    }
    return 0;
  }
}
