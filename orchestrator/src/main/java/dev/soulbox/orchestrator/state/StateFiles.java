package dev.soulbox.orchestrator.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Supplier;

/** Small files the orchestrator keeps between runs: written atomically, secrets readable by the owner only. */
public final class StateFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private StateFiles() {}

  /** Replaces {@code file} with {@code content} so that a reader sees the old or the new file, never a torn one. */
  public static void writeAtomically(Path file, byte[] content, boolean ownerOnly) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temp = file.resolveSibling("." + file.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
      Files.write(temp, content);
      if (ownerOnly) {
        restrictToOwner(temp);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * The secret in {@code file}; generated ({@code bytes} random bytes, base64url) and stored
   * with mode 0600 on first use. Concurrent first uses agree on one secret.
   */
  public static String readOrCreateSecret(Path file, int bytes) {
    return readOrCreateSecret(file, () -> {
      byte[] raw = new byte[bytes];
      RANDOM.nextBytes(raw);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    });
  }

  /** The secret in {@code file}; made by {@code generator} and stored with mode 0600 on first use. */
  public static String readOrCreateSecret(Path file, Supplier<String> generator) {
    try {
      if (Files.exists(file)) {
        return read(file);
      }
      String secret = generator.get();
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temp = file.resolveSibling("." + file.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
      Files.writeString(temp, secret + "\n");
      restrictToOwner(temp);
      try {
        Files.move(temp, file); // no REPLACE_EXISTING: the first writer wins
      } catch (FileAlreadyExistsException e) {
        Files.deleteIfExists(temp);
      }
      return read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }

  /** {@code bytes} random bytes as lower-case hex. */
  public static String randomHex(int bytes) {
    byte[] raw = new byte[bytes];
    RANDOM.nextBytes(raw);
    return HexFormat.of().formatHex(raw);
  }

  private static String read(Path file) throws IOException {
    String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
    if (secret.isEmpty()) {
      throw new IOException(file + " is empty; delete it to have a new secret generated");
    }
    return secret;
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing finer to set
    }
  }
}
