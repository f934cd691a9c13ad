package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.Human;
import dev.soulbox.cli.SandboxClientCommand;
import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SandboxMetrics;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code soulbox sandbox metrics ID}. */
@Command(name = "metrics", header = "Show a sandbox's CPU, memory, disk and process count now.")
public final class SandboxMetricsCommand extends SandboxClientCommand {
  @Override
  protected int run(Sandbox sandbox) {
    SandboxMetrics m = sandbox.metrics();
    if (json()) {
      printJson(ApiJson.metrics(m));
    } else {
      out().println("cpu:       " + String.format(Locale.ROOT, "%.1f%% of %d", m.cpuUsedPct(), m.cpuCount()));
      out().println("memory:    " + usage(m.memUsedBytes(), m.memTotalBytes()));
      out().println("disk:      " + usage(m.diskUsedBytes(), m.diskTotalBytes()));
      out().println("processes: " + m.processCount());
      out().println("at:        " + m.timestamp());
      out().flush();
    }
    return 0;
  }

  private static String usage(long used, long total) {
    return Human.bytes(used) + (total > 0 ? " / " + Human.bytes(total) : "");
  }
}
