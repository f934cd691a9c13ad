package dev.soulbox.agent.fs;

import dev.soulbox.agent.auth.UserAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Gives what the agent creates for a caller to that caller, as envd does: only an agent running
 * as root can, and otherwise everything it creates is its own anyway.
 */
final class Ownership {
  private final boolean canChown;

  Ownership(int agentUid) {
    this.canChown = agentUid == 0;
  }

  void giveTo(Path path, UserAccount user) throws IOException {
    if (!canChown) {
      return;
    }
    if ((Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS) != user.uid()) {
      Files.setAttribute(path, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
    }
    if ((Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS) != user.gid()) {
      Files.setAttribute(path, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
    }
  }
}
