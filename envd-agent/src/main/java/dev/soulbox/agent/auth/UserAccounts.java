package dev.soulbox.agent.auth;

import dev.soulbox.grpc.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Looks accounts up in the passwd and group files, read fresh on each lookup so new users and
 * group memberships show up at once.
 */
public final class UserAccounts {
  private final Path passwd;
  private final Path group;

  public UserAccounts() {
    this(Path.of("/etc/passwd"), Path.of("/etc/group"));
  }

  public UserAccounts(Path passwd, Path group) {
    this.passwd = passwd;
    this.group = group;
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

  /**
   * The groups a process of {@code user} runs with, as initgroups(3) gives them: the primary group
   * first, then every group of the group file that lists the user as a member.
   */
  public List<Integer> groupsOf(UserAccount user) {
    List<Integer> groups = new ArrayList<>(List.of(user.gid()));
    for (String line : lines(group)) {
      String[] f = line.split(":", -1);
      if (f.length < 4 || line.startsWith("#") || !Arrays.asList(f[3].split(",")).contains(user.name())) {
        continue;
      }
      try {
        int gid = Integer.parseInt(f[2]);
        if (!groups.contains(gid)) {
          groups.add(gid);
        }
      } catch (NumberFormatException e) {
        // a malformed line grants nothing
      }
    }
    return List.copyOf(groups);
  }

  private java.util.stream.Stream<String> lines() {
    return lines(passwd).stream();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
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
