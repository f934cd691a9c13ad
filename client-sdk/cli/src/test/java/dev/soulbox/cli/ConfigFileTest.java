package dev.soulbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  @Test
  void of_followsXdgConfigHome_elseHome() {
    assertThat(ConfigFile.of(Map.of("XDG_CONFIG_HOME", "/x"), "/home/u").path()).isEqualTo(Path.of("/x/soulbox/config"));
    assertThat(ConfigFile.of(Map.of(), "/home/u").path()).isEqualTo(Path.of("/home/u/.config/soulbox/config"));
  }

  @Test
  void update_writesAFileOnlyItsOwnerReads_inADirectoryOnlyItsOwnerEnters(@TempDir Path home) throws Exception {
    ConfigFile config = ConfigFile.of(Map.of("XDG_CONFIG_HOME", home.resolve("cfg").toString()), "/nowhere");
    Map<String, String> values = new LinkedHashMap<>();
    values.put(ConfigFile.ENDPOINT, "http://localhost:7070");
    values.put(ConfigFile.API_KEY, "k\\ey with = and : ");

    config.update(values);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.path()))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.path().getParent())))
        .isEqualTo("rwx------");
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(config.path())) {
      p.load(r);
    }
    assertThat(p.getProperty("endpoint")).isEqualTo("http://localhost:7070");
    assertThat(p.getProperty("api_key")).isEqualTo("k\\ey with = and : ");
    assertThat(config.get(ConfigFile.ENDPOINT)).contains("http://localhost:7070");
    try (var files = Files.list(config.path().getParent())) {
      assertThat(files).containsExactly(config.path());
    }
  }

  @Test
  void update_keepsOtherKeys_andRemovesTheFileWhenNothingIsLeft(@TempDir Path dir) throws Exception {
    ConfigFile config = new ConfigFile(dir.resolve("soulbox/config"));
    config.update(Map.of("endpoint", "a:1", "api_key", "k", "other", "x"));
    Files.setPosixFilePermissions(config.path(), PosixFilePermissions.fromString("rw-r--r--"));

    Map<String, String> removeKey = new HashMap<>();
    removeKey.put("api_key", null);
    config.update(removeKey);
    assertThat(config.read()).containsOnly(Map.entry("endpoint", "a:1"), Map.entry("other", "x"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.path()))).isEqualTo("rw-------");

    Map<String, String> removeAll = new HashMap<>();
    removeAll.put("endpoint", null);
    removeAll.put("other", null);
    config.update(removeAll);
    assertThat(config.path()).doesNotExist();
    assertThat(config.read()).isEmpty();
  }
}
