package dev.soulbox.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The user's SoulBox config, {@code ${XDG_CONFIG_HOME:-~/.config}/soulbox/config}: lines
 * {@code endpoint=…} and {@code api_key=…}, read by the SDK too. Written atomically, readable by
 * its owner only (0600, in a 0700 directory), because it holds the API key.
 */
public final class ConfigFile {
  public static final String ENDPOINT = "endpoint";
  public static final String API_KEY = "api_key";

  private final Path path;

  public ConfigFile(Path path) {
    this.path = path;
  }

  /** The file the SDK reads, for this environment. */
  public static ConfigFile of(Map<String, String> env, String userHome) {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(userHome, ".config");
    return new ConfigFile(base.resolve("soulbox").resolve("config"));
  }

  public static ConfigFile ofUser() {
    return of(System.getenv(), System.getProperty("user.home"));
  }

  public Path path() {
    return path;
  }

  public boolean exists() {
    return Files.isRegularFile(path);
  }

  /** Every setting in the file; empty when there is no file. */
  public Map<String, String> read() {
    Map<String, String> values = new TreeMap<>();
    if (!exists()) {
      return values;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k).strip()));
    return values;
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(read().get(key)).filter(v -> !v.isBlank());
  }

  /** Sets the given keys (a null value removes a key), keeping the others; removes the file when nothing is left. */
  public void update(Map<String, String> changes) {
    Map<String, String> values = new LinkedHashMap<>(read());
    changes.forEach((k, v) -> {
      if (v == null) {
        values.remove(k);
      } else {
        values.put(k, v);
      }
    });
    try {
      if (values.isEmpty()) {
        Files.deleteIfExists(path);
        return;
      }
      write(values);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  private void write(Map<String, String> values) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      try {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (FileAlreadyExistsException e) {
        // a race with another soulbox; fine
      }
    }
    StringBuilder text = new StringBuilder("# SoulBox client settings, written by `soulbox auth login`\n");
    values.forEach((k, v) -> text.append(k).append('=').append(escape(v)).append('\n'));
    Path temp = Files.createTempFile(dir, ".config", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
  }

  /** A properties value: backslashes doubled, line breaks escaped, a leading blank kept. */
  static String escape(String v) {
    String s = v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    return s.startsWith(" ") ? "\\" + s : s;
  }
}
