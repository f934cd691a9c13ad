package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.ClientCommand;
import dev.soulbox.cli.ExitCodes;
import dev.soulbox.cli.ExitException;
import dev.soulbox.sdk.SoulBox;
import java.net.URI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code soulbox sandbox vnc ID}. */
@Command(name = "vnc", header = "Print the noVNC page that shows a sandbox's desktop.",
    description = "Only sandboxes created with --vnc from a desktop template have one; others exit 3.")
public final class SandboxVncCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The sandbox.")
  String id;

  @Override
  protected int run(SoulBox client) {
    URI url = sandbox(client, id).vncUrl().orElseThrow(() -> new ExitException(ExitCodes.NOT_FOUND,
        "sandbox " + id + " has no desktop route: create it with --vnc from a desktop template (-t desktop --vnc)"));
    printResult(ApiJson.vnc(url.toString()), url);
    return 0;
  }
}
