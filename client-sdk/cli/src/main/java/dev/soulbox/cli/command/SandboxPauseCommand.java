package dev.soulbox.cli.command;

import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SandboxInfo;
import picocli.CommandLine.Command;

/** {@code soulbox sandbox pause ID}. */
@Command(name = "pause", header = "Freeze every process in a sandbox (its timeout keeps running).")
public final class SandboxPauseCommand extends SandboxStateCommand {
  @Override
  SandboxInfo change(Sandbox sandbox) {
    return sandbox.pause();
  }
}
