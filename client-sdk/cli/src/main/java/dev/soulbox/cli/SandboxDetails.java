package dev.soulbox.cli;

import dev.soulbox.sdk.SandboxInfo;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;

/** A sandbox as {@code sandbox info}, {@code pause} and friends show it to people: one field per line. */
public final class SandboxDetails {
  private SandboxDetails() {
  }

  public static void print(PrintWriter out, SandboxInfo s, Instant now) {
    Table t = new Table("FIELD", "VALUE");
    t.row("id", s.sandboxId());
    t.row("template", s.template());
    t.row("state", s.state().name().toLowerCase(Locale.ROOT));
    t.row("started", s.startedAt() + " (" + Human.relative(s.startedAt(), now) + ")");
    t.row("ends", s.endAt() + " (" + Human.relative(s.endAt(), now) + ")");
    t.row("metadata", s.metadata().isEmpty() ? "-" : Human.pairs(s.metadata()));
    t.row("cpus", s.cpus() > 0 ? trim(s.cpus()) : "-");
    t.row("memory", s.memoryMib() > 0 ? s.memoryMib() + "MiB" : "-");
    t.row("envd", s.envdVersion().isEmpty() ? "-" : s.envdVersion());
    s.vnc().ifPresent(url -> t.row("vnc", url));
    t.row("network", NetworkMixin.describe(s.network()));
    for (String[] row : t.rows()) {
      out.println(String.format("%-9s %s", row[0] + ":", row[1]));
    }
    out.flush();
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
