package dev.soulbox.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConfigTest {
  @TempDir
  Path home;

  private Path writeConfig(String text) throws Exception {
    Path file = ClientConfig.configFile(Map.of(), home.toString());
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  @Test
  void arguments_beatEnvironment_beatConfigFile() throws Exception {
    Path file = writeConfig("endpoint=file-host:1\napi_key=file-key\n");
    Map<String, String> env = Map.of("SOULBOX_ENDPOINT", "env-host:2", "SOULBOX_API_KEY", "env-key");

    assertThat(ClientConfig.resolve("arg-host:3", "arg-key", env, file))
        .isEqualTo(new ClientConfig(Endpoint.parse("arg-host:3"), "arg-key"));
    assertThat(ClientConfig.resolve(null, null, env, file))
        .isEqualTo(new ClientConfig(Endpoint.parse("env-host:2"), "env-key"));
    assertThat(ClientConfig.resolve(null, null, Map.of(), file))
        .isEqualTo(new ClientConfig(Endpoint.parse("file-host:1"), "file-key"));
  }

  @Test
  void eachSettingFallsBackOnItsOwn() throws Exception {
    Path file = writeConfig("api_key = file-key\n");

    ClientConfig c = ClientConfig.resolve(null, null, Map.of("SOULBOX_ENDPOINT", "https://sb.example"), file);

    assertThat(c.endpoint()).isEqualTo(new Endpoint("sb.example", 443, true));
    assertThat(c.apiKey()).isEqualTo("file-key");
  }

  @Test
  void nothingAnywhere_isLocalhostWithoutKey() {
    ClientConfig c = ClientConfig.resolve(null, null, Map.of("SOULBOX_API_KEY", "  "), home.resolve("absent"));

    assertThat(c).isEqualTo(new ClientConfig(new Endpoint("localhost", 7070, false), null));
    assertThat(c.toString()).doesNotContain("key=").contains("none");
  }

  @Test
  void configFile_followsXdg() {
    assertThat(ClientConfig.configFile(Map.of("XDG_CONFIG_HOME", "/xdg"), "/home/u"))
        .isEqualTo(Path.of("/xdg/soulbox/config"));
    assertThat(ClientConfig.configFile(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.config/soulbox/config"));
  }

  @Test
  void toString_hidesTheKey() {
    assertThat(new ClientConfig(Endpoint.parse("h:1"), "secret").toString()).doesNotContain("secret");
  }
}
