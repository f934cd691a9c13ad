package dev.soulbox.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8DecoderTest {
  @Test
  void charactersSplitAcrossChunks_comeOutWhole() {
    byte[] bytes = "a€😀z".getBytes(StandardCharsets.UTF_8);
    Utf8Decoder d = new Utf8Decoder();
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(d.decode(new byte[] {b}));
    }
    out.append(d.finish());

    assertThat(out.toString()).isEqualTo("a€😀z");
  }

  @Test
  void truncatedOrMalformedBytes_becomeReplacementCharacters() {
    Utf8Decoder d = new Utf8Decoder();

    assertThat(d.decode(new byte[] {'x', (byte) 0xff, 'y', (byte) 0xe2, (byte) 0x82})).isEqualTo("x\uFFFDy");
    assertThat(d.finish()).isEqualTo("\uFFFD");
    assertThat(d.decode("ok".getBytes(StandardCharsets.UTF_8))).isEqualTo("ok");
  }
}
