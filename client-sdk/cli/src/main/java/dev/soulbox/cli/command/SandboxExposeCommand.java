package dev.soulbox.cli.command;

import dev.soulbox.cli.SandboxClientCommand;
import dev.soulbox.sdk.Sandbox;
import java.net.URI;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code soulbox sandbox expose ID PORT}. */
@Command(name = "expose", header = "Make a port inside a sandbox reachable over HTTP and print its URL.")
public final class SandboxExposeCommand extends SandboxClientCommand {
  @Parameters(index = "1", paramLabel = "PORT", description = "Port a server listens on inside the sandbox.")
  int port;

  @Override
  protected int run(Sandbox sandbox) {
    URI url = sandbox.exposePort(port);
    printResult(Map.of("url", url.toString()), url);
    return 0;
  }
}
