package dev.soulbox.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.soulbox.agent.auth.UserAccounts;
import org.junit.jupiter.api.Test;

class DefaultUserTest {
  private final UserAccounts accounts = new UserAccounts();

  @Test
  void resolve_byName_orByTheUidADockerfileMayGive() {
    assertThat(DefaultUser.resolve(accounts, "root").uid()).isZero();
    assertThat(DefaultUser.resolve(accounts, "0").name()).isEqualTo("root");
  }

  @Test
  void resolve_unknownUser_saysWhatToDo() {
    assertThatThrownBy(() -> DefaultUser.resolve(accounts, "no-such-user"))
        .hasMessageContaining("default user no-such-user does not exist");
    assertThatThrownBy(() -> DefaultUser.resolve(accounts, "424242")).hasMessageContaining("does not exist");
  }
}
