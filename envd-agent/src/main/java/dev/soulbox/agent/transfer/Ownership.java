package dev.soulbox.agent.transfer;

import dev.soulbox.agent.auth.UserAccount;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.grpc.PermissionDeniedException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Who new files and directories belong to. An agent running as root gives them to the user they
 * are for; any other agent can only create its own, and says so rather than pretend.
 */
final class Ownership {
  private final int agentUid;

  Ownership(int agentUid) {
    this.agentUid = agentUid;
  }

  /** Fails when this agent cannot create files owned by {@code owner}. */
  void checkCanGive(UserAccount owner) {
    if (agentUid != 0 && owner.uid() != agentUid) {
      throw new PermissionDeniedException("the agent runs as uid " + agentUid + ", not as root, so it cannot create"
          + " files owned by " + owner.name() + " (uid " + owner.uid() + ")");
    }
  }

  /** Makes {@code owner} the owner of {@code path}, when the agent is root. */
  void give(Path path, UserAccount owner) {
    if (agentUid != 0) {
      return;
    }
    try {
      Files.setAttribute(path, "unix:uid", owner.uid(), LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(path, "unix:gid", owner.gid(), LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw IoFailures.of("cannot give " + path + " to " + owner.name(), e);
    }
  }

  /** Creates {@code dir} and whichever of its parents are missing, each owned by {@code owner}. */
  void createDirectories(Path dir, UserAccount owner) {
    Deque<Path> missing = new ArrayDeque<>();
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) {
      missing.push(existing);
      existing = existing.getParent();
    }
    if (existing != null && !Files.isDirectory(existing)) {
      throw new InvalidArgumentException("cannot create " + dir + ": " + existing + " is not a directory");
    }
    for (Path d : missing) {
      try {
        Files.createDirectory(d);
        give(d, owner);
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(d)) {
          throw new InvalidArgumentException("cannot create " + dir + ": " + d + " is not a directory");
        }
      } catch (IOException e) {
        throw IoFailures.of("cannot create directory " + d, e);
      }
    }
  }
}
