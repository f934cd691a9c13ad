package dev.soulbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void line_writesEveryKindOfValue() {
    Map<String, Object> m = Json.object();
    m.put("s", "a\"b\\c\nd\te\u0001");
    m.put("i", 42);
    m.put("d", 1.5);
    m.put("whole", 2.0);
    m.put("b", true);
    m.put("n", null);
    m.put("t", Instant.parse("2024-05-01T10:00:00.120Z"));
    m.put("list", List.of(1, "x"));
    m.put("empty", Map.of());
    m.put("big", Json.int64(Long.MAX_VALUE));

    assertThat(Json.line(m)).isEqualTo("{\"s\":\"a\\\"b\\\\c\\nd\\te\\u0001\",\"i\":42,\"d\":1.5,\"whole\":2,\"b\":true,"
        + "\"n\":null,\"t\":\"2024-05-01T10:00:00.120Z\",\"list\":[1,\"x\"],\"empty\":{},\"big\":\"9223372036854775807\"}");
  }

  @Test
  void pretty_indentsByTwo() {
    Map<String, Object> m = Json.object();
    m.put("a", List.of(1));
    m.put("b", List.of());

    assertThat(Json.pretty(m)).isEqualTo("{\n  \"a\": [\n    1\n  ],\n  \"b\": []\n}");
  }

  @Test
  void uint64_isUnsigned() {
    assertThat(Json.uint64(-1)).isEqualTo("18446744073709551615");
  }
}
