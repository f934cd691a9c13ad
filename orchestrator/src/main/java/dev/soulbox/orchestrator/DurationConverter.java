package dev.soulbox.orchestrator;

import dev.soulbox.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads durations like "500ms", "30s", "5m", "2h", or a plain number of seconds, as {@link Durations} does. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
