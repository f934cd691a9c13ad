package dev.soulbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void print_alignsColumns_withoutBordersOrTrailingBlanks() {
    StringWriter out = new StringWriter();
    new Table("ID", "STATE", "METADATA").row("abc", "running", "").row("a", "paused", "k=v").print(new PrintWriter(out));

    assertThat(out.toString().split("\n")).containsExactly(
        "ID    STATE     METADATA",
        "abc   running",
        "a     paused    k=v");
  }

  @Test
  void row_ofTheWrongWidth_isRefused() {
    assertThatThrownBy(() -> new Table("A", "B").row("x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void human_values() {
    Instant now = Instant.parse("2024-05-01T10:00:00Z");
    assertThat(Human.relative(now.minusSeconds(192), now)).isEqualTo("3m12s ago");
    assertThat(Human.relative(now.plusSeconds(300), now)).isEqualTo("in 5m");
    assertThat(Human.duration(Duration.ofHours(26))).isEqualTo("1d2h");
    assertThat(Human.bytes(512)).isEqualTo("512B");
    assertThat(Human.bytes(1536)).isEqualTo("1.5KiB");
    assertThat(Human.bytes(20L << 20)).isEqualTo("20.0MiB");
    assertThat(Human.pairs(Map.of("b", "2", "a", "1"))).isEqualTo("a=1,b=2");
  }

  @Test
  void seconds_converter() {
    assertThat(Converters.Seconds.parse("300")).isEqualTo(Duration.ofSeconds(300));
    assertThat(Converters.Seconds.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Converters.Seconds.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Converters.Seconds.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Converters.Seconds.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThatThrownBy(() -> Converters.Seconds.parse("soon")).hasMessageContaining("not a duration");
  }
}
