package dev.soulbox.orchestrator.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The DER encoding (ITU-T X.690) of the ASN.1 values an X.509 certificate is made of. Each method returns a whole
 * encoded value (tag, length, contents); constructed values take their elements already encoded.
 */
final class Der {
  static final int BOOLEAN = 0x01;
  static final int INTEGER = 0x02;
  static final int BIT_STRING = 0x03;
  static final int OCTET_STRING = 0x04;
  static final int OID = 0x06;
  static final int UTF8_STRING = 0x0c;
  static final int UTC_TIME = 0x17;
  static final int GENERALIZED_TIME = 0x18;
  static final int SEQUENCE = 0x30;
  static final int SET = 0x31;

  private static final DateTimeFormatter UTC_TIME_FORMAT = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
  private static final DateTimeFormatter GENERALIZED_TIME_FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

  private Der() {}

  static byte[] tagged(int tag, byte[] contents) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(contents.length + 6);
    out.write(tag);
    int length = contents.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(contents);
    return out.toByteArray();
  }

  static byte[] sequence(byte[]... elements) {
    return tagged(SEQUENCE, concat(List.of(elements)));
  }

  static byte[] sequence(List<byte[]> elements) {
    return tagged(SEQUENCE, concat(elements));
  }

  /** A SET OF with one element: DER sorts the elements of a set, so only a single one is offered. */
  static byte[] setOf(byte[] element) {
    return tagged(SET, element);
  }

  static byte[] integer(BigInteger value) {
    return tagged(INTEGER, value.toByteArray());
  }

  static byte[] integer(long value) {
    return integer(BigInteger.valueOf(value));
  }

  static byte[] bool(boolean value) {
    return tagged(BOOLEAN, new byte[] {(byte) (value ? 0xff : 0x00)});
  }

  static byte[] octetString(byte[] value) {
    return tagged(OCTET_STRING, value);
  }

  static byte[] bitString(byte[] value) {
    byte[] contents = new byte[value.length + 1];
    System.arraycopy(value, 0, contents, 1, value.length);
    return tagged(BIT_STRING, contents);
  }

  /**
   * A named bit list (KeyUsage): bit 0 is the most significant bit of the first byte, and trailing zero bits are left
   * out.
   */
  static byte[] namedBits(BitSet bits) {
    int length = bits.length();
    byte[] contents = new byte[1 + (length + 7) / 8];
    contents[0] = (byte) ((8 - length % 8) % 8);
    for (int bit = bits.nextSetBit(0); bit >= 0; bit = bits.nextSetBit(bit + 1)) {
      contents[1 + bit / 8] |= (byte) (0x80 >>> (bit % 8));
    }
    return tagged(BIT_STRING, contents);
  }

  static byte[] oid(String dotted) {
    String[] arcs = dotted.split("\\.");
    if (arcs.length < 2) {
      throw new IllegalArgumentException("an object identifier has at least two arcs: " + dotted);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    base128(out, 40L * Long.parseLong(arcs[0]) + Long.parseLong(arcs[1]));
    for (int i = 2; i < arcs.length; i++) {
      base128(out, Long.parseLong(arcs[i]));
    }
    return tagged(OID, out.toByteArray());
  }

  private static void base128(ByteArrayOutputStream out, long value) {
    int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
    for (int i = groups - 1; i >= 0; i--) {
      out.write((int) ((value >>> (7 * i)) & 0x7f) | (i > 0 ? 0x80 : 0));
    }
  }

  static byte[] utf8String(String value) {
    return tagged(UTF8_STRING, value.getBytes(StandardCharsets.UTF_8));
  }

  /** RFC 5280's Time: UTCTime through 2049, GeneralizedTime from 2050; whole seconds. */
  static byte[] time(Instant instant) {
    ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
    return utc.getYear() < 2050
        ? tagged(UTC_TIME, UTC_TIME_FORMAT.format(utc).getBytes(StandardCharsets.US_ASCII))
        : tagged(GENERALIZED_TIME, GENERALIZED_TIME_FORMAT.format(utc).getBytes(StandardCharsets.US_ASCII));
  }

  /** {@code [n] EXPLICIT}: the value whole, inside a constructed context-specific tag. */
  static byte[] explicit(int n, byte[] value) {
    return tagged(0xa0 | n, value);
  }

  /** {@code [n] IMPLICIT} of a primitive value: its contents under a context-specific tag. */
  static byte[] implicit(int n, byte[] contents) {
    return tagged(0x80 | n, contents);
  }

  /** {@code [n] IMPLICIT} of a constructed value (a SEQUENCE): its elements under a constructed context tag. */
  static byte[] implicitConstructed(int n, List<byte[]> elements) {
    return tagged(0xa0 | n, concat(elements));
  }

  /** The contents of one encoded value: what follows its tag and length. */
  static byte[] contents(byte[] encoded) {
    if (encoded.length < 2) {
      throw new IllegalArgumentException("a DER value has a tag and a length");
    }
    int first = encoded[1] & 0xff;
    int offset = 2;
    int length = first;
    if (first >= 0x80) {
      int bytes = first & 0x7f;
      if (bytes == 0 || bytes > 3 || encoded.length < 2 + bytes) {
        throw new IllegalArgumentException("not a DER length");
      }
      length = 0;
      for (int i = 0; i < bytes; i++) {
        length = (length << 8) | (encoded[2 + i] & 0xff);
      }
      offset += bytes;
    }
    if (offset + length > encoded.length) {
      throw new IllegalArgumentException("a DER value longer than its bytes");
    }
    return Arrays.copyOfRange(encoded, offset, offset + length);
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }
}
