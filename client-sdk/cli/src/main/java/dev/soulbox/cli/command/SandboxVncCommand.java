package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.ExitCodes;
import dev.soulbox.cli.ExitException;
import dev.soulbox.cli.SandboxClientCommand;
import dev.soulbox.sdk.Sandbox;
import java.net.URI;
import picocli.CommandLine.Command;

/** {@code soulbox sandbox vnc ID}. */
@Command(name = "vnc", header = "Print the noVNC page that shows a sandbox's desktop.",
    description = "Only sandboxes created with --vnc from a desktop template have one; others exit 3.")
public final class SandboxVncCommand extends SandboxClientCommand {
  @Override
  protected int run(Sandbox sandbox) {
    URI url = sandbox.vncUrl().orElseThrow(() -> new ExitException(ExitCodes.NOT_FOUND,
        "sandbox " + id + " has no desktop route: create it with --vnc from a desktop template (-t desktop --vnc)"));
    printResult(ApiJson.vnc(url.toString()), url);
    return 0;
  }
}
