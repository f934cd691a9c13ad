package dev.soulbox.agent.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.soulbox.agent.auth.UserAccount;
import dev.soulbox.grpc.PermissionDeniedException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnershipTest {
  private static final UserAccount ALICE = new UserAccount("alice", 1000, 1000, Path.of("/home/alice"), "/bin/sh");
  private static final UserAccount BOB = new UserAccount("bob", 1001, 1001, Path.of("/home/bob"), "/bin/sh");

  @Test
  void checkCanGive_unprivilegedAgent_onlyToItself() {
    Ownership ownership = new Ownership(1000);

    assertThatCode(() -> ownership.checkCanGive(ALICE)).doesNotThrowAnyException();
    assertThatThrownBy(() -> ownership.checkCanGive(BOB)).isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("runs as uid 1000, not as root").hasMessageContaining("owned by bob");
  }

  @Test
  void checkCanGive_rootAgent_toAnyone() {
    assertThatCode(() -> new Ownership(0).checkCanGive(BOB)).doesNotThrowAnyException();
  }

  @Test
  void createDirectories_createsEveryMissingLevel(@TempDir Path dir) {
    new Ownership(1000).createDirectories(dir.resolve("a/b/c"), ALICE);

    assertThat(dir.resolve("a/b/c")).isDirectory();
  }
}
