package dev.soulbox.agent.auth;

import dev.soulbox.agent.error.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Looks accounts up in the passwd file, read fresh on each lookup so new users show up at once. */
public final class UserAccounts {
  private final Path passwd;

  public UserAccounts() {
    this(Path.of("/etc/passwd"));
  }

  public UserAccounts(Path passwd) {
    this.passwd = passwd;
  }

  public Optional<UserAccount> find(String name) {
    return lines().map(this::parse).filter(a -> a != null && a.name().equals(name)).findFirst();
  }

  public Optional<UserAccount> findByUid(int uid) {
    return lines().map(this::parse).filter(a -> a != null && a.uid() == uid).findFirst();
  }

  public UserAccount require(String name) {
    return find(name).orElseThrow(() -> new NotFoundException("user " + name + " does not exist"));
  }

  private java.util.stream.Stream<String> lines() {
    try {
      return Files.readAllLines(passwd).stream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + passwd, e);
    }
  }

  private UserAccount parse(String line) {
    String[] f = line.split(":", -1);
    if (f.length < 7 || line.startsWith("#")) {
      return null;
    }
    try {
      return new UserAccount(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Path.of(f[5].isEmpty() ? "/" : f[5]), f[6]);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
