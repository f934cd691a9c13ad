package dev.soulbox.agent.server;

import dev.soulbox.agent.auth.UserAccount;
import dev.soulbox.agent.auth.UserAccounts;
import dev.soulbox.agent.os.Posix;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The user calls act as when they name none: the one asked for (by name or uid), else {@code user}
 * if it exists, else the agent's own.
 */
final class DefaultUser {
  static final String CONVENTIONAL = "user";

  private DefaultUser() {}

  static UserAccount resolve(UserAccounts accounts, String requested) {
    if (requested != null) {
      Optional<UserAccount> byName = accounts.find(requested);
      if (byName.isEmpty() && requested.chars().allMatch(Character::isDigit) && !requested.isEmpty()) {
        byName = accounts.findByUid(Integer.parseInt(requested)); // a Dockerfile's USER may give a uid
      }
      return byName.orElseThrow(() -> new IllegalArgumentException(
          "default user " + requested + " does not exist; create it or pick another with --default-user"));
    }
    Optional<UserAccount> conventional = accounts.find(CONVENTIONAL);
    if (conventional.isPresent()) {
      return conventional.get();
    }
    int uid = Posix.uid();
    return accounts.findByUid(uid).orElseGet(() -> new UserAccount(
        System.getProperty("user.name"), uid, uid, Path.of(System.getProperty("user.home")), "/bin/sh"));
  }
}
