package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.Converters;
import dev.soulbox.cli.Human;
import dev.soulbox.cli.SandboxClientCommand;
import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SandboxInfo;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code soulbox sandbox timeout ID DURATION}. */
@Command(name = "timeout", header = "Make a sandbox end this long from now.")
public final class SandboxTimeoutCommand extends SandboxClientCommand {
  @Parameters(index = "1", paramLabel = "DURATION", converter = Converters.Seconds.class,
      description = "Seconds, or 90s, 10m, 2h, 1d.")
  Duration timeout;

  @Override
  protected int run(Sandbox sandbox) {
    SandboxInfo info = sandbox.setTimeout(timeout);
    printResult(ApiJson.sandbox(info, null),
        info.sandboxId() + " ends at " + info.endAt() + " (" + Human.relative(info.endAt(), Instant.now()) + ")");
    return 0;
  }
}
