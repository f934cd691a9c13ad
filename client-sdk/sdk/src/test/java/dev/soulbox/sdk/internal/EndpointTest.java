package dev.soulbox.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {
  @ParameterizedTest
  @CsvSource({
      "localhost:7070,        localhost, 7070, false",
      "localhost,             localhost, 7070, false",
      "http://10.0.0.5:9000,  10.0.0.5,  9000, false",
      "https://soulbox.dev,   soulbox.dev, 443, true",
      "https://soulbox.dev:8443/, soulbox.dev, 8443, true",
      "[::1]:7070,            ::1,       7070, false",
      "' box.local:1234 ',    box.local, 1234, false",
  })
  void parse(String text, String host, int port, boolean tls) {
    Endpoint e = Endpoint.parse(text);

    assertThat(e).isEqualTo(new Endpoint(host, port, tls));
    assertThat(Endpoint.parse(e.toString())).isEqualTo(e);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "ftp://host:21", "http://host:7070/api", "http://:7070"})
  void parse_rejects(String text) {
    assertThatThrownBy(() -> Endpoint.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
