package dev.soulbox.orchestrator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.soulbox.grpc.InvalidArgumentException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxIdsTest {
  @Test
  void newId_is20LowercaseAlphanumericsAndUnique() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = SandboxIds.newId();
      assertThat(id).matches("[a-z0-9]{20}");
      ids.add(id);
    }
    assertThat(ids).hasSize(10_000);
  }

  @Test
  void check_acceptsWellFormed() {
    assertThat(SandboxIds.check("abcdefghij0123456789")).isEqualTo("abcdefghij0123456789");
  }

  @ParameterizedTest
  @ValueSource(strings = {"short", "ABCDEFGHIJ0123456789", "abcdefghij012345678_", "abcdefghij01234567890", " abcdefghij012345678"})
  void check_rejectsMalformed(String id) {
    assertThatThrownBy(() -> SandboxIds.check(id)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("is malformed: ids are 20 characters of [a-z0-9]");
  }

  @Test
  void check_rejectsEmpty() {
    assertThatThrownBy(() -> SandboxIds.check("")).isInstanceOf(InvalidArgumentException.class)
        .hasMessage("sandbox_id is required");
  }
}
