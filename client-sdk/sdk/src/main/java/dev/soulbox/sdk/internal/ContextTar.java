package dev.soulbox.sdk.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A directory as the POSIX tar archive a template build takes as its context: regular files,
 * directories and symlinks, paths relative to the directory, {@code .git} left out.
 */
final class ContextTar {
  /** What the orchestrator accepts in one message, less room for the rest of the request. */
  static final int MAX_BYTES = 63 << 20;
  private static final int BLOCK = 512;

  private ContextTar() {
  }

  static byte[] of(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("build context " + directory + " is not a directory");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(directory)) {
      paths = walk.filter(p -> !p.equals(directory)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read build context " + directory, e);
    }
    for (Path p : paths) {
      String name = directory.relativize(p).toString().replace('\\', '/');
      if (name.equals(".git") || name.startsWith(".git/")) {
        continue;
      }
      try {
        add(out, p, name);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + p, e);
      }
      if (out.size() > MAX_BYTES) {
        throw new IllegalArgumentException("build context " + directory + " is larger than "
            + (MAX_BYTES >> 20) + " MiB; leave large files out of it");
      }
    }
    out.writeBytes(new byte[BLOCK * 2]);
    return out.toByteArray();
  }

  private static void add(ByteArrayOutputStream out, Path p, String name) throws IOException {
    long mtime = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() / 1000;
    if (Files.isSymbolicLink(p)) {
      out.writeBytes(header(name, '2', 0777, 0, mtime, Files.readSymbolicLink(p).toString()));
    } else if (Files.isDirectory(p)) {
      out.writeBytes(header(name + "/", '5', mode(p, 0755), 0, mtime, ""));
    } else if (Files.isRegularFile(p)) {
      byte[] content = Files.readAllBytes(p);
      out.writeBytes(header(name, '0', mode(p, 0644), content.length, mtime, ""));
      out.writeBytes(content);
      out.writeBytes(new byte[(BLOCK - content.length % BLOCK) % BLOCK]);
    }
  }

  private static int mode(Path p, int fallback) throws IOException {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
      int mode = 0;
      for (PosixFilePermission perm : perms) {
        mode |= 0400 >> perm.ordinal();
      }
      return mode;
    } catch (UnsupportedOperationException e) {
      return fallback;
    }
  }

  /** A ustar header; names up to 100 characters, or 255 split at a slash into prefix and name. */
  static byte[] header(String path, char type, int mode, long size, long mtime, String linkTarget) {
    String prefix = "";
    String name = path;
    if (utf8(path).length > 100) {
      int split = path.lastIndexOf('/', path.length() - 2);
      if (split <= 0 || utf8(path.substring(0, split)).length > 155 || utf8(path.substring(split + 1)).length > 100) {
        throw new IllegalArgumentException("path " + path + " is too long for the build context archive");
      }
      prefix = path.substring(0, split);
      name = path.substring(split + 1);
    }
    if (utf8(linkTarget).length > 100) {
      throw new IllegalArgumentException("symlink " + path + " points to a path too long for the archive");
    }
    byte[] h = new byte[BLOCK];
    put(h, 0, 100, name);
    put(h, 100, 8, String.format("%07o", mode));
    put(h, 108, 8, "0000000");
    put(h, 116, 8, "0000000");
    put(h, 124, 12, String.format("%011o", size));
    put(h, 136, 12, String.format("%011o", mtime));
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    h[156] = (byte) type;
    put(h, 157, 100, linkTarget);
    put(h, 257, 6, "ustar");
    put(h, 263, 2, "00");
    put(h, 265, 32, "root");
    put(h, 297, 32, "root");
    put(h, 345, 155, prefix);
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, 7, String.format("%06o", sum));
    h[155] = ' ';
    return h;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void put(byte[] block, int offset, int length, String value) {
    byte[] bytes = utf8(value);
    if (bytes.length > length) {
      throw new IllegalArgumentException("'" + value + "' does not fit in a tar header field of " + length + " bytes");
    }
    System.arraycopy(bytes, 0, block, offset, bytes.length);
  }
}
