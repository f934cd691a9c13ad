package dev.soulbox.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {
  @TempDir
  Path dir;

  @Test
  void resolve_optionThenEnvThenFile() throws Exception {
    Path file = dir.resolve("soulbox/api-key");
    assertThat(ApiKeys.resolve("opt", "env", file).value()).isEqualTo("opt");
    assertThat(ApiKeys.resolve(null, "env", file).value()).isEqualTo("env");
    assertThat(Files.exists(file)).isFalse();

    ApiKeys.ApiKey generated = ApiKeys.resolve(null, null, file);
    assertThat(generated.value()).hasSize(43);
    assertThat(generated.source()).isEqualTo("stored in " + file.toAbsolutePath());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(ApiKeys.resolve("", " ", file).value()).isEqualTo(generated.value()); // reused on later starts
    assertThat(generated.toString()).doesNotContain(generated.value());
  }
}
