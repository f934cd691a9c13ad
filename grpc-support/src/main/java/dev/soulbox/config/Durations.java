package dev.soulbox.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way SoulBox reads a duration from a flag or a setting: {@code 500ms}, {@code 1.5s},
 * {@code 5m}, {@code 2h}, {@code 1d}, several of them together ({@code 1h30m}), or a bare number
 * of seconds ({@code 300}, {@code 1.5}). Case does not matter, blanks around it are ignored.
 */
public final class Durations {
  private static final String NUMBER = "(\\d+(?:\\.\\d+)?|\\.\\d+)";
  private static final Pattern SECONDS = Pattern.compile(NUMBER);
  private static final Pattern PART = Pattern.compile(NUMBER + "(ms|s|m|h|d)");
  private static final Map<String, BigDecimal> UNIT_SECONDS = Map.of(
      "ms", new BigDecimal("0.001"),
      "s", BigDecimal.ONE,
      "m", BigDecimal.valueOf(60),
      "h", BigDecimal.valueOf(3600),
      "d", BigDecimal.valueOf(86_400));

  private Durations() {}

  /**
   * The duration {@code value} says, to the nanosecond.
   *
   * @throws IllegalArgumentException when it is empty, negative or not a duration
   */
  public static Duration parse(String value) {
    if (value == null) {
      throw notADuration(null);
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (SECONDS.matcher(v).matches()) {
      return ofSeconds(new BigDecimal(v), value);
    }
    Matcher part = PART.matcher(v);
    BigDecimal seconds = BigDecimal.ZERO;
    int end = 0;
    while (part.find() && part.start() == end) {
      seconds = seconds.add(new BigDecimal(part.group(1)).multiply(UNIT_SECONDS.get(part.group(2))));
      end = part.end();
    }
    if (end == 0 || end != v.length()) {
      throw notADuration(value);
    }
    return ofSeconds(seconds, value);
  }

  private static Duration ofSeconds(BigDecimal seconds, String value) {
    BigDecimal[] whole = seconds.divideAndRemainder(BigDecimal.ONE);
    try {
      return Duration.ofSeconds(whole[0].longValueExact(),
          whole[1].movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact());
    } catch (ArithmeticException e) {
      throw notADuration(value);
    }
  }

  private static IllegalArgumentException notADuration(String value) {
    return new IllegalArgumentException("'" + value + "' is not a duration; use e.g. 500ms, 30s, 5m or 2h");
  }
}
