package dev.soulbox.cli;

import dev.soulbox.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Option values that need more than picocli's built-in types. */
public final class Converters {
  private Converters() {
  }

  /** {@code 300}, {@code 300s}, {@code 5m}, {@code 2h}, {@code 1d}, {@code 1h30m}: a bare number is seconds. */
  public static final class Seconds implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return parse(value);
    }

    public static Duration parse(String value) {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
