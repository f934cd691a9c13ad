package dev.soulbox.orchestrator.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The tar archive a build sends to Docker: the Dockerfile under a name of its own, then the
 * client's context archive as it came. A tar is a sequence of entries, so putting ours first
 * needs no parsing of theirs.
 */
final class BuildContext {
  static final String DOCKERFILE = ".soulbox.Dockerfile";
  private static final int BLOCK = 512;

  private BuildContext() {}

  static byte[] tar(String dockerfile, byte[] contextTar) {
    byte[] content = dockerfile.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(BLOCK * 4 + content.length + contextTar.length);
    out.writeBytes(header(DOCKERFILE, content.length, Instant.now().getEpochSecond()));
    out.writeBytes(content);
    out.writeBytes(new byte[padding(content.length)]);
    if (contextTar.length > 0) {
      out.writeBytes(contextTar);
    } else {
      out.writeBytes(new byte[BLOCK * 2]); // end of archive
    }
    return out.toByteArray();
  }

  private static int padding(int size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  /** A POSIX ustar header of a regular file, mode 0644, owned by root. */
  static byte[] header(String name, long size, long mtime) {
    byte[] h = new byte[BLOCK];
    put(h, 0, 100, name);
    put(h, 100, 8, "0000644");
    put(h, 108, 8, "0000000");
    put(h, 116, 8, "0000000");
    put(h, 124, 12, String.format("%011o", size));
    put(h, 136, 12, String.format("%011o", mtime));
    for (int i = 148; i < 156; i++) {
      h[i] = ' '; // the checksum is computed over spaces in its own field
    }
    h[156] = '0';
    put(h, 257, 6, "ustar");
    put(h, 263, 2, "00");
    put(h, 265, 32, "root");
    put(h, 297, 32, "root");
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, 7, String.format("%06o", sum));
    h[155] = ' ';
    return h;
  }

  private static void put(byte[] block, int offset, int length, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, block, offset, Math.min(bytes.length, length));
  }
}
