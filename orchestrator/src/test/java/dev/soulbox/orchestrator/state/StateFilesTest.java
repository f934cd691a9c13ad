package dev.soulbox.orchestrator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFilesTest {
  @TempDir
  Path dir;

  @Test
  void readOrCreateSecret_createsOwnerOnlyOnceAndReuses() throws Exception {
    Path file = dir.resolve("sub/secret");
    String first = StateFiles.readOrCreateSecret(file, 32);
    assertThat(first).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(StateFiles.readOrCreateSecret(file, 32)).isEqualTo(first);
  }

  @Test
  void writeAtomically_replacesAndLeavesNoTempFiles() throws Exception {
    Path file = dir.resolve("state.properties");
    StateFiles.writeAtomically(file, "a".getBytes(), false);
    StateFiles.writeAtomically(file, "b".getBytes(), true);
    assertThat(Files.readString(file)).isEqualTo("b");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }
}
