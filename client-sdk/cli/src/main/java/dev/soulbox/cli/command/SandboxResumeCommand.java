package dev.soulbox.cli.command;

import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SandboxInfo;
import picocli.CommandLine.Command;

/** {@code soulbox sandbox resume ID}. */
@Command(name = "resume", header = "Unfreeze a paused sandbox.")
public final class SandboxResumeCommand extends SandboxStateCommand {
  @Override
  SandboxInfo change(Sandbox sandbox) {
    return sandbox.resume();
  }
}
