package dev.soulbox.agent.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** gzip, the one compression both Connect and envd's file endpoints offer. */
final class Gzip {
  /** Smaller bodies are sent as they are: compressing them costs more than it saves. */
  static final int MIN_BYTES = 1024;

  private Gzip() {}

  /** Whether an {@code Accept-Encoding}-style header value lists gzip. */
  static boolean accepted(String header) {
    if (header == null) {
      return false;
    }
    for (String part : header.split(",")) {
      String[] coding = part.trim().split(";");
      if (coding[0].trim().equalsIgnoreCase("gzip") && !(coding.length > 1 && coding[1].trim().matches("q=0(\\.0*)?"))) {
        return true;
      }
    }
    return false;
  }

  static byte[] compress(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Decompresses at most {@code limit} bytes; more is an error, so a small bomb cannot fill the heap. */
  static byte[] decompress(byte[] bytes, int limit) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      byte[] out = in.readNBytes(limit + 1);
      if (out.length > limit) {
        throw new IOException("decompressed message is larger than " + limit + " bytes");
      }
      return out;
    }
  }
}
