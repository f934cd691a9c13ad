package dev.soulbox.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Values as tables show them to people: short durations, sizes in binary units, k=v lists. */
public final class Human {
  private Human() {
  }

  /** {@code "3m12s ago"}, {@code "in 4m"}, relative to {@code now}. */
  public static String relative(Instant when, Instant now) {
    Duration d = Duration.between(now, when);
    return d.isNegative() ? duration(d.negated()) + " ago" : "in " + duration(d);
  }

  /** {@code 45s}, {@code 3m12s}, {@code 2h5m}, {@code 3d4h}. */
  public static String duration(Duration d) {
    long s = d.getSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
    }
    if (s < 86_400) {
      return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : s % 3600 / 60 + "m");
    }
    return s / 86_400 + "d" + (s % 86_400 / 3600 == 0 ? "" : s % 86_400 / 3600 + "h");
  }

  /** {@code 512B}, {@code 1.5KiB}, {@code 20.0MiB}. */
  public static String bytes(long n) {
    if (n < 1024) {
      return n + "B";
    }
    String units = "KMGTPE";
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length() - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f%siB", v, units.charAt(u));
  }

  /** {@code a=1,b=2}, in key order. */
  public static String pairs(Map<String, String> map) {
    return map.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }
}
