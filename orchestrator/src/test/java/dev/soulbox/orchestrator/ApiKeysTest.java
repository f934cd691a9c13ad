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
    assertThat(generated.source()).isEqualTo("stored in " + file.toAbsolutePath());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(ApiKeys.resolve("", " ", file).value()).isEqualTo(generated.value()); // reused on later starts
    assertThat(generated.toString()).doesNotContain(generated.value());
  }

  @Test
  void generatedKey_passesTheE2bSdkCheck() {
    Path file = dir.resolve("api-key");
    String key = ApiKeys.resolve(null, null, file).value();
    assertThat(key).matches("^e2b_[0-9a-f]{40}$");
    assertThat(ApiKeys.hasE2bForm(key)).isTrue();
    assertThat(ApiKeys.generate()).isNotEqualTo(key);
  }

  @Test
  void keysOfAnyFormStillWork() throws Exception {
    Path file = dir.resolve("api-key");
    Files.writeString(file, "an-older-key_AZ09\n");
    assertThat(ApiKeys.resolve(null, null, file).value()).isEqualTo("an-older-key_AZ09");
    assertThat(ApiKeys.hasE2bForm("an-older-key_AZ09")).isFalse();
    assertThat(ApiKeys.resolve("operator's own", null, file).value()).isEqualTo("operator's own");
  }
}
