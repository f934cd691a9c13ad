package dev.soulbox.cli;

import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SoulBox;
import picocli.CommandLine.Mixin;

/** A command that talks to the orchestrator: it gets a client, uses it, and closes it. */
public abstract class ClientCommand extends BaseCommand {
  @Mixin
  protected ConnectionMixin connection;

  @Mixin
  protected OutputMixin output;

  @Override
  protected final int doCall() throws Exception {
    try (SoulBox client = connection.client()) {
      return run(client);
    }
  }

  protected abstract int run(SoulBox client) throws Exception;

  protected boolean json() {
    return output.json();
  }

  /** What a command that answers with one value prints: {@code json} with --json, else {@code line}. */
  protected void printResult(Object json, Object line) {
    if (json()) {
      printJson(json);
    } else {
      out().println(line);
      out().flush();
    }
  }

  /** A handle to an existing sandbox that never kills it: the CLI only looks and drives. */
  protected static Sandbox sandbox(SoulBox client, String sandboxId) {
    return client.connect(sandboxId).keepOnClose();
  }
}
