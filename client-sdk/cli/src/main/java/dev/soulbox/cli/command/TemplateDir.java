package dev.soulbox.cli.command;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A template's directory as {@code template init} lays it out and {@code template build} reads it:
 * a {@code Dockerfile}, and {@code soulbox.template} with the template's name and defaults.
 */
final class TemplateDir {
  static final String DOCKERFILE = "Dockerfile";
  static final String SETTINGS = "soulbox.template";

  private TemplateDir() {
  }

  static Properties settings(Path dir) throws IOException {
    Properties p = new Properties();
    Path file = dir.resolve(SETTINGS);
    if (Files.isRegularFile(file)) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
    }
    return p;
  }

  /** A template name made from a directory's name: lower case, other characters as '-'. */
  static String nameFor(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    String base = abs.getFileName() == null ? "template" : abs.getFileName().toString();
    String name = base.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-").replaceAll("^[^a-z0-9]+", "");
    return name.isEmpty() ? "template" : name;
  }
}
