package dev.soulbox.agent.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserAccountsTest {
  @Test
  void groupsOf_isThePrimaryGroupThenEveryGroupListingTheUser(@TempDir Path dir) throws Exception {
    Path passwd = Files.writeString(dir.resolve("passwd"), "alice:x:1000:1000::/home/alice:/bin/sh\n");
    Path group = Files.writeString(dir.resolve("group"), String.join("\n",
        "alice:x:1000:",
        "sudo:x:27:bob,alice",
        "docker:x:999:alice",
        "# staff:x:50:alice",
        "alicia:x:1001:alicia,malice",
        "broken:x:nope:alice",
        "users:x:100:"));
    UserAccounts accounts = new UserAccounts(passwd, group);

    assertThat(accounts.groupsOf(accounts.require("alice"))).containsExactly(1000, 27, 999);
  }
}
