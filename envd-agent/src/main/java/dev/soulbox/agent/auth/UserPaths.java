package dev.soulbox.agent.auth;

import dev.soulbox.grpc.InvalidArgumentException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Turns a path from a request into an absolute path: {@code ~} and relative paths start at the user's home. */
public final class UserPaths {
  private UserPaths() {}

  public static Path resolve(String path, UserAccount user) {
    return resolve(path, user, "path");
  }

  /** Like {@link #resolve(String, UserAccount)}, naming the field in the error ("cwd", "source", …). */
  public static Path resolve(String path, UserAccount user, String what) {
    if (path == null || path.isEmpty()) {
      throw new InvalidArgumentException(what + " is empty; give an absolute path or one relative to the home directory");
    }
    try {
      Path home = user.home();
      Path p;
      if (path.equals("~")) {
        p = home;
      } else if (path.startsWith("~/")) {
        p = home.resolve(path.substring(2));
      } else {
        p = home.resolve(path);
      }
      return p.toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new InvalidArgumentException(what + " " + printable(path) + " is not a valid path: " + e.getReason());
    }
  }

  private static String printable(String path) {
    return path.replace("\0", "\\0");
  }
}
