package dev.soulbox.orchestrator.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxOverridesTest {
  @TempDir
  Path dir;

  @Test
  void changesSurviveANewInstance() {
    Path file = dir.resolve("sandboxes.properties");
    SandboxOverrides overrides = new SandboxOverrides(file);
    Instant end = Instant.parse("2026-05-06T07:08:09.5Z");
    overrides.setEndAt("aaaaaaaaaaaaaaaaaaaa", end);
    overrides.addExposedPort("aaaaaaaaaaaaaaaaaaaa", 8080);
    overrides.addExposedPort("aaaaaaaaaaaaaaaaaaaa", 3000);
    overrides.setEndAt("bbbbbbbbbbbbbbbbbbbb", end.plusSeconds(1));

    SandboxOverrides reread = new SandboxOverrides(file);
    assertThat(reread.endAt("aaaaaaaaaaaaaaaaaaaa")).contains(end);
    assertThat(reread.exposedPorts("aaaaaaaaaaaaaaaaaaaa")).containsExactly(3000, 8080);
    assertThat(reread.endAt("cccccccccccccccccccc")).isEmpty();
    assertThat(reread.sandboxIds()).containsExactly("aaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbb");
  }

  @Test
  void remove_dropsEveryEntryOfTheSandbox() throws Exception {
    Path file = dir.resolve("sandboxes.properties");
    SandboxOverrides overrides = new SandboxOverrides(file);
    overrides.setEndAt("aaaaaaaaaaaaaaaaaaaa", Instant.EPOCH);
    overrides.addExposedPort("aaaaaaaaaaaaaaaaaaaa", 80);
    overrides.remove("aaaaaaaaaaaaaaaaaaaa");

    assertThat(new SandboxOverrides(file).sandboxIds()).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file); // written through a temp file that is gone
    }
  }

  @Test
  void missingFile_isEmpty() {
    assertThat(new SandboxOverrides(dir.resolve("none")).sandboxIds()).isEmpty();
  }
}
