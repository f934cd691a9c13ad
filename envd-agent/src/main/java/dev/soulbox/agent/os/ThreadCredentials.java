package dev.soulbox.agent.os;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import dev.soulbox.grpc.PermissionDeniedException;
import java.util.Arrays;

/**
 * Gives the calling thread, and only it, another user's real and saved ids and groups while it
 * spawns, then puts the thread back. Linux keeps credentials per thread; glibc's setuid family
 * changes every thread of the process, so the raw system calls are used instead.
 *
 * <p>The effective ids stay the agent's (root) the whole time, so the thread keeps its file
 * access and capabilities and the agent stays dumpable; a child spawned with
 * {@code POSIX_SPAWN_RESETIDS} copies the real ids into its effective ones and so ends up with
 * the user's ids in all three slots and no capabilities. While switched, the thread must not
 * start threads (they would inherit the ids), so callers allocate everything beforehand.
 */
final class ThreadCredentials implements AutoCloseable {
  private static final SyscallNumbers NR = SyscallNumbers.forArch(System.getProperty("os.arch"));

  private final int[] uids;
  private final int[] gids;
  private final Memory groups;
  private final int groupCount;

  private ThreadCredentials(int[] uids, int[] gids, int[] groups) {
    this.uids = uids;
    this.gids = gids;
    this.groupCount = groups.length;
    this.groups = gidArray(groups);
  }

  /** Switches the calling thread to {@code user}'s real and saved ids; close the result to switch back. */
  static ThreadCredentials assume(Credentials user) {
    if (NR == null) {
      throw new UnsupportedOperationException("switching users is implemented for x86_64 and aarch64 only");
    }
    ThreadCredentials saved = capture();
    int[] groups = user.groups().stream().mapToInt(Integer::intValue).toArray();
    try (Memory list = gidArray(groups)) {
      call(NR.setgroups, "setgroups", groups.length, list);
      call(NR.setresgid, "setresgid", user.gid(), saved.gids[1], user.gid());
      call(NR.setresuid, "setresuid", user.uid(), saved.uids[1], user.uid());
      return saved;
    } catch (RuntimeException e) {
      saved.close();
      throw e;
    }
  }

  private static ThreadCredentials capture() {
    int[] r = new int[1];
    int[] e = new int[1];
    int[] s = new int[1];
    LibC.getresuid(r, e, s);
    int[] uids = {r[0], e[0], s[0]};
    LibC.getresgid(r, e, s);
    int[] gids = {r[0], e[0], s[0]};
    int[] groups = new int[LibC.getgroups(0, null)];
    int n = LibC.getgroups(groups.length, groups);
    return new ThreadCredentials(uids, gids, Arrays.copyOf(groups, n));
  }

  /**
   * Restores the ids and groups the thread had. Should that ever fail, the thread must not run
   * anything else: the {@link Error} ends it (thread pools replace a worker that dies).
   */
  @Override
  public void close() {
    try (groups) {
      call(NR.setresuid, "setresuid", uids[0], uids[1], uids[2]);
      call(NR.setresgid, "setresgid", gids[0], gids[1], gids[2]);
      call(NR.setgroups, "setgroups", groupCount, groups);
    } catch (RuntimeException e) {
      throw new InternalError("cannot restore the credentials of thread " + Thread.currentThread().getName(), e);
    }
  }

  private static Memory gidArray(int[] groups) {
    Memory m = new Memory(Math.max(1, groups.length) * 4L);
    m.write(0, groups, 0, groups.length);
    return m;
  }

  private static void call(long number, String name, Object... args) {
    if (LibC.syscall(number, args) != 0) {
      int errno = Native.getLastError();
      if (errno == 1) {
        throw new PermissionDeniedException(name + " failed: the agent lacks the capability to switch users"
            + " (CAP_SETUID, CAP_SETGID); run it as root or omit the user");
      }
      throw new IllegalStateException(name + " failed", new LastErrorException(errno));
    }
  }

  private record SyscallNumbers(long setgroups, long setresuid, long setresgid) {
    static SyscallNumbers forArch(String arch) {
      return switch (arch) {
        case "amd64", "x86_64" -> new SyscallNumbers(116, 117, 119);
        case "aarch64" -> new SyscallNumbers(159, 147, 149);
        default -> null;
      };
    }
  }
}
