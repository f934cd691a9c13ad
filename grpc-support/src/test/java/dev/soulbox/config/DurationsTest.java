package dev.soulbox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "300       | PT5M",
      "1.5       | PT1.5S",
      "0         | PT0S",
      ".5        | PT0.5S",
      "500ms     | PT0.5S",
      "1.5s      | PT1.5S",
      "30s       | PT30S",
      "300s      | PT5M",
      "5m        | PT5M",
      "2.5m      | PT2M30S",
      "2h        | PT2H",
      "1d        | PT24H",
      "1h30m     | PT1H30M",
      "1m30s     | PT1M30S",
      "1d2h3m4s5ms | PT26H3M4.005S",
      "0.25ms    | PT0.00025S",
      "10S       | PT10S",
      "2H        | PT2H",
      "'  45s  ' | PT45S",
      "'\t7m\n'  | PT7M",
  })
  void parse_readsTheGrammar(String value, Duration expected) {
    assertThat(Durations.parse(value)).isEqualTo(expected);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "soon", "-5s", "-1", "+5s", "5x", "5 s", "1h 30m", "s", "ms", "1.", "1.s", "1e3",
      "1e3s", "PT10S", "5sm", "5mss", "1h30", "NaNs", "Infinitys", "99999999999999999999999999d"})
  void parse_rejectsWhatIsNotADuration(String value) {
    assertThatThrownBy(() -> Durations.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + value + "' is not a duration; use e.g. 500ms, 30s, 5m or 2h");
  }
}
