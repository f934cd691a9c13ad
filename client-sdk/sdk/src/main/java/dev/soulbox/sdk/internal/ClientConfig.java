package dev.soulbox.sdk.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The endpoint and API key a client uses, each taken from the first place that has it: the
 * builder's arguments, then {@code SOULBOX_ENDPOINT} / {@code SOULBOX_API_KEY}, then the config
 * file the CLI writes ({@code ${XDG_CONFIG_HOME:-~/.config}/soulbox/config}, properties
 * {@code endpoint} and {@code api_key}), then {@code localhost:7070} and no key.
 */
public record ClientConfig(Endpoint endpoint, String apiKey) {
  public static final String ENDPOINT_ENV = "SOULBOX_ENDPOINT";
  public static final String API_KEY_ENV = "SOULBOX_API_KEY";

  /** From the process's environment and the user's config file. */
  public static ClientConfig resolve(String endpoint, String apiKey) {
    Map<String, String> env = System.getenv();
    return resolve(endpoint, apiKey, env, configFile(env, System.getProperty("user.home")));
  }

  public static ClientConfig resolve(String endpoint, String apiKey, Map<String, String> env, Path configFile) {
    Properties file = load(configFile);
    String e = first(endpoint, env.get(ENDPOINT_ENV), file.getProperty("endpoint"), Endpoint.DEFAULT);
    String k = first(apiKey, env.get(API_KEY_ENV), file.getProperty("api_key"), null);
    return new ClientConfig(Endpoint.parse(e), k);
  }

  /** {@code $XDG_CONFIG_HOME/soulbox/config}, or {@code ~/.config/soulbox/config}. */
  public static Path configFile(Map<String, String> env, String userHome) {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(userHome, ".config");
    return base.resolve("soulbox").resolve("config");
  }

  private static Properties load(Path file) {
    Properties p = new Properties();
    if (file == null || !Files.isRegularFile(file)) {
      return p;
    }
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read SoulBox config " + file, e);
    }
    return p;
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "ClientConfig[endpoint=" + endpoint + ", apiKey=" + (apiKey == null ? "none" : "***") + "]";
  }
}
