package dev.soulbox.orchestrator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DerTest {
  private static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest
  @CsvSource({"0,0400", "127,047f", "128,048180", "255,0481ff", "256,04820100", "65536,0483010000"})
  void tagged_lengthsInShortAndLongForm(int length, String header) {
    byte[] encoded = Der.tagged(Der.OCTET_STRING, new byte[length]);

    assertThat(HEX.formatHex(encoded, 0, header.length() / 2)).isEqualTo(header);
    assertThat(encoded).hasSize(header.length() / 2 + length);
  }

  @ParameterizedTest
  @CsvSource({"0,020100", "127,02017f", "128,02020080", "256,02020100", "-1,0201ff", "-129,0202ff7f",
      "170141183460469231731687303715884105727,02107fffffffffffffffffffffffffffffff"})
  void integer_isMinimalTwosComplement(String value, String der) {
    assertThat(HEX.formatHex(Der.integer(new BigInteger(value)))).isEqualTo(der);
  }

  @ParameterizedTest
  @CsvSource({"1.2.840.10045.4.3.2,06082a8648ce3d040302", "2.5.29.17,0603551d11", "1.3.6.1.5.5.7.3.1,06082b06010505070301",
      "1.2.840.10045.3.1.7,06082a8648ce3d030107", "2.999.3,0603883703"})
  void oid(String dotted, String der) {
    assertThat(HEX.formatHex(Der.oid(dotted))).isEqualTo(der);
  }

  @Test
  void oid_needsTwoArcs() {
    assertThatThrownBy(() -> Der.oid("1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namedBits_dropTrailingZeros() {
    assertThat(HEX.formatHex(Der.namedBits(bits(0)))).isEqualTo("03020780");
    assertThat(HEX.formatHex(Der.namedBits(bits(5, 6)))).isEqualTo("03020106");
    assertThat(HEX.formatHex(Der.namedBits(bits(IntStream.range(0, 8).toArray())))).isEqualTo("030200ff");
    assertThat(HEX.formatHex(Der.namedBits(bits(8)))).isEqualTo("0303070080");
    assertThat(HEX.formatHex(Der.namedBits(new BitSet()))).isEqualTo("030100");
  }

  @Test
  void time_isUtcTimeThrough2049_thenGeneralizedTime() {
    assertThat(HEX.formatHex(Der.time(Instant.parse("2026-01-02T03:04:05.678Z"))))
        .isEqualTo("170d" + HEX.formatHex("260102030405Z".getBytes()));
    assertThat(HEX.formatHex(Der.time(Instant.parse("2049-12-31T23:59:59Z"))))
        .isEqualTo("170d" + HEX.formatHex("491231235959Z".getBytes()));
    assertThat(HEX.formatHex(Der.time(Instant.parse("2050-01-01T00:00:00Z"))))
        .isEqualTo("180f" + HEX.formatHex("20500101000000Z".getBytes()));
  }

  @Test
  void scalarsAndTags() {
    assertThat(HEX.formatHex(Der.bool(true))).isEqualTo("0101ff");
    assertThat(HEX.formatHex(Der.bool(false))).isEqualTo("010100");
    assertThat(HEX.formatHex(Der.bitString(new byte[] {0x04, 0x01}))).isEqualTo("0303000401");
    assertThat(HEX.formatHex(Der.explicit(0, Der.integer(2)))).isEqualTo("a003020102");
    assertThat(HEX.formatHex(Der.implicit(2, "a".getBytes()))).isEqualTo("820161");
    assertThat(HEX.formatHex(Der.implicitConstructed(0, List.of(Der.bool(true))))).isEqualTo("a0030101ff");
    assertThat(HEX.formatHex(Der.sequence())).isEqualTo("3000");
    assertThat(HEX.formatHex(Der.setOf(Der.integer(1)))).isEqualTo("3103020101");
  }

  @Test
  void name_parsesAsAnX500Principal() {
    byte[] name = Der.sequence(
        Der.setOf(Der.sequence(Der.oid("2.5.4.10"), Der.utf8String("SoulBox"))),
        Der.setOf(Der.sequence(Der.oid("2.5.4.3"), Der.utf8String("SoulBox local CA (hôte)"))));

    assertThat(new X500Principal(name).getName(X500Principal.RFC2253)).isEqualTo("CN=SoulBox local CA (hôte),O=SoulBox");
  }

  @Test
  void contents_undoesTagged() {
    byte[] value = new byte[300];
    value[299] = 7;

    assertThat(Der.contents(Der.tagged(Der.OCTET_STRING, value))).isEqualTo(value);
    assertThat(Der.contents(Der.sequence())).isEmpty();
    assertThatThrownBy(() -> Der.contents(new byte[] {0x04, 0x05, 0x01})).isInstanceOf(IllegalArgumentException.class);
  }

  private static BitSet bits(int... positions) {
    BitSet bits = new BitSet();
    for (int position : positions) {
      bits.set(position);
    }
    return bits;
  }
}
