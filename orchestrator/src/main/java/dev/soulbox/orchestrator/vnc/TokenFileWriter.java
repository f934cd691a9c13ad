package dev.soulbox.orchestrator.vnc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps a directory of websockify token files ({@code websockify --token-plugin TokenFile --token-source DIR}): one
 * file per sandbox, named after the sandbox id, holding {@code <token>: <host>:<port>}. Files are written to a temp
 * file and renamed into place, so websockify never reads half a line; they are readable by the owner only.
 */
public final class TokenFileWriter {
  private static final Pattern SANDBOX_ID = Pattern.compile("[a-z0-9]{20}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~-]{1,256}");
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Path dir;

  /** Creates {@code dir} (owner-only) when it does not exist. */
  public TokenFileWriter(Path dir) {
    this.dir = dir.toAbsolutePath();
    try {
      Files.createDirectories(this.dir, attributes("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create websockify token directory " + this.dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** Writes (or replaces) the sandbox's route. */
  public Path write(String sandboxId, String token, InetSocketAddress target) {
    Path file = fileOf(sandboxId);
    if (!TOKEN.matcher(token).matches()) {
      throw new IllegalArgumentException(
          "VNC token of sandbox " + sandboxId + " has characters a token file cannot hold");
    }
    String line = token + ": " + target.getHostString() + ":" + target.getPort() + "\n";
    try {
      Path temp = Files.createTempFile(dir, "." + sandboxId + ".", ".tmp", attributes("rw-------"));
      try {
        Files.writeString(temp, line, StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write websockify token file " + file, e);
    }
  }

  /** Removes the sandbox's route; false when there was none. */
  public boolean delete(String sandboxId) {
    Path file = fileOf(sandboxId);
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete websockify token file " + file, e);
    }
  }

  /** Deletes the files of sandboxes not in {@code sandboxIds}, e.g. those that went while the orchestrator was down. */
  public void retainOnly(Set<String> sandboxIds) {
    try (Stream<Path> files = Files.list(dir)) {
      files.map(f -> f.getFileName().toString())
          .filter(name -> SANDBOX_ID.matcher(name).matches() && !sandboxIds.contains(name))
          .forEach(this::delete);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list websockify token directory " + dir, e);
    }
  }

  private Path fileOf(String sandboxId) {
    if (!SANDBOX_ID.matcher(sandboxId).matches()) {
      throw new IllegalArgumentException("not a sandbox id: " + sandboxId);
    }
    return dir.resolve(sandboxId);
  }

  private static FileAttribute<?>[] attributes(String permissions) {
    if (!POSIX) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))};
  }
}
