package dev.soulbox.agent.fs;

import dev.soulbox.agent.auth.UserAccount;
import dev.soulbox.grpc.FileErrors;
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
 * Who the files and directories the agent creates for a caller belong to. An agent running as
 * root gives them to the user they are for, as envd does; any other agent can only create its
 * own, and says so rather than pretend.
 */
public final class Ownership {
  private final int agentUid;

  public Ownership(int agentUid) {
    this.agentUid = agentUid;
  }

  /** Fails when this agent cannot create files owned by {@code owner}. */
  public void checkCanGive(UserAccount owner) {
    if (agentUid != 0 && owner.uid() != agentUid) {
      throw new PermissionDeniedException("the agent runs as uid " + agentUid + ", not as root, so it cannot create"
          + " files owned by " + owner.name() + " (uid " + owner.uid() + ")");
    }
  }

  /** Makes {@code owner} the owner of {@code path}, when the agent is root. */
  public void give(Path path, UserAccount owner) {
    if (agentUid != 0) {
      return;
    }
    try {
      if ((Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS) != owner.uid()) {
        Files.setAttribute(path, "unix:uid", owner.uid(), LinkOption.NOFOLLOW_LINKS);
      }
      if ((Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS) != owner.gid()) {
        Files.setAttribute(path, "unix:gid", owner.gid(), LinkOption.NOFOLLOW_LINKS);
      }
    } catch (IOException e) {
      throw FileErrors.of("give " + path + " to " + owner.name(), path, e);
    }
  }

  /** Creates {@code dir} and whichever of its parents are missing, each owned by {@code owner}. */
  public void createDirectories(Path dir, UserAccount owner) {
    createDirectories(dir, owner, "create directory " + dir);
  }

  /** The same, failing with messages that say it was part of {@code action} ("move /a to /b/c"). */
  public void createDirectories(Path dir, UserAccount owner, String action) {
    Deque<Path> missing = new ArrayDeque<>();
    for (Path p = dir; p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.push(p);
    }
    for (Path p : missing) {
      try {
        Files.createDirectory(p);
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(p)) {
          throw new InvalidArgumentException("cannot " + action + ": " + p + " is a file, not a directory", e);
        }
        continue;
      } catch (IOException e) {
        throw FileErrors.of(action, p, e);
      }
      give(p, owner);
    }
  }
}
