package dev.soulbox.cli;

import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SoulBox;
import picocli.CommandLine.Parameters;

/** A command about one existing sandbox, named by its first argument. */
public abstract class SandboxClientCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The sandbox.")
  protected String id;

  @Override
  protected final int run(SoulBox client) throws Exception {
    return run(sandbox(client, id));
  }

  /** Runs against the sandbox; closing it leaves the sandbox running. */
  protected abstract int run(Sandbox sandbox) throws Exception;
}
