package dev.soulbox.agent.os;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Starts a child on pipes with glibc's {@code posix_spawn}: one clone and one exec, of the
 * command itself. In the child, before the exec: a new session (so pgid == sid == pid), every
 * signal back to its default action and none blocked, the user's ids ({@link ThreadCredentials}
 * plus {@code POSIX_SPAWN_RESETIDS}), stdin/stdout/stderr on the pipes, the working directory,
 * and every other descriptor closed, so nothing of the agent (its listening socket, its files)
 * leaks into the child.
 */
public final class PosixSpawn {
  private static final byte[] DEV_NULL = bytes("/dev/null");

  private PosixSpawn() {}

  /**
   * Starts {@code spec}. When it names a user, the calling thread carries that user's real ids
   * while the child is cloned and has its own back before this returns (see
   * {@link ThreadCredentials}); the agent keeps such spawns on one dedicated thread.
   *
   * @throws ErrnoException when the pipes cannot be made or the child cannot start (the errno of
   *     the failed exec or chdir)
   */
  public static NativeProcess start(SpawnSpec spec) throws IOException {
    int[] stdin = spec.stdin() ? pipe() : new int[] {-1, -1};
    int[] stdout = null;
    int[] stderr = null;
    boolean started = false;
    try {
      stdout = pipe();
      stderr = pipe();
      int pid = spawn(spec, stdin[0], stdout[1], stderr[1]);
      started = true;
      return new NativeProcess(pid, stdin[1], stdout[0], stderr[0]);
    } finally {
      // the child's ends belong to the child now; the agent's ends go when the start failed
      closeAll(stdin[0], stdout == null ? -1 : stdout[1], stderr == null ? -1 : stderr[1]);
      if (!started) {
        closeAll(stdin[1], stdout == null ? -1 : stdout[0], stderr == null ? -1 : stderr[0]);
      }
    }
  }

  private static int spawn(SpawnSpec spec, int stdinFd, int stdoutFd, int stderrFd) throws ErrnoException {
    try (Memory attr = new Memory(LibC.SPAWNATTR_SIZE);
         Memory actions = new Memory(LibC.FILE_ACTIONS_SIZE);
         Memory noSignals = new Memory(LibC.SIGSET_SIZE);
         Memory allSignals = new Memory(LibC.SIGSET_SIZE)) {
      noSignals.clear();
      allSignals.clear();
      // signals 1 to 64 by hand: sigfillset leaves out glibc's internal 32 and 33, which the
      // child would then keep ignored across the exec
      allSignals.setLong(0, -1L);
      check(LibC.posix_spawnattr_init(attr), "posix_spawnattr_init");
      try {
        int flags = LibC.POSIX_SPAWN_SETSID | LibC.POSIX_SPAWN_SETSIGMASK | LibC.POSIX_SPAWN_SETSIGDEF
            | (spec.user() == null ? 0 : LibC.POSIX_SPAWN_RESETIDS);
        check(LibC.posix_spawnattr_setflags(attr, (short) flags), "posix_spawnattr_setflags");
        check(LibC.posix_spawnattr_setsigmask(attr, noSignals), "posix_spawnattr_setsigmask");
        check(LibC.posix_spawnattr_setsigdefault(attr, allSignals), "posix_spawnattr_setsigdefault");
        check(LibC.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        try {
          redirect(actions, spec, stdinFd, stdoutFd, stderrFd);
          return spawn(spec, actions, attr);
        } finally {
          LibC.posix_spawn_file_actions_destroy(actions);
        }
      } finally {
        LibC.posix_spawnattr_destroy(attr);
      }
    }
  }

  private static void redirect(Pointer actions, SpawnSpec spec, int stdinFd, int stdoutFd, int stderrFd)
      throws ErrnoException {
    if (stdinFd >= 0) {
      check(LibC.posix_spawn_file_actions_adddup2(actions, stdinFd, 0), "adddup2");
    } else {
      check(LibC.posix_spawn_file_actions_addopen(actions, 0, DEV_NULL, LibC.O_RDONLY, 0), "addopen");
    }
    check(LibC.posix_spawn_file_actions_adddup2(actions, stdoutFd, 1), "adddup2");
    check(LibC.posix_spawn_file_actions_adddup2(actions, stderrFd, 2), "adddup2");
    check(LibC.posix_spawn_file_actions_addchdir_np(actions, bytes(spec.cwd().toString())), "addchdir_np");
    check(LibC.posix_spawn_file_actions_addclosefrom_np(actions, 3), "addclosefrom_np");
  }

  private static int spawn(SpawnSpec spec, Pointer actions, Pointer attr) throws ErrnoException {
    byte[] path = bytes(spec.executable().toString());
    int[] pid = new int[1];
    int error;
    try (Memory argv = stringArray(spec.argv()); Memory envp = stringArray(environment(spec.env()))) {
      if (spec.user() == null) {
        error = LibC.posix_spawn(pid, path, actions, attr, argv, envp);
      } else {
        try (ThreadCredentials ignored = ThreadCredentials.assume(spec.user())) {
          error = LibC.posix_spawn(pid, path, actions, attr, argv, envp);
        }
      }
    }
    if (error != 0) {
      throw new ErrnoException("exec " + spec.executable() + " in " + spec.cwd(), error);
    }
    return pid[0];
  }

  private static List<String> environment(Map<String, String> env) {
    return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }

  /**
   * A NULL-terminated {@code char *[]} and its UTF-8 strings in one native block (JNA's
   * StringArray makes one allocation per string, a tenth of a millisecond for an environment).
   */
  private static Memory stringArray(List<String> strings) {
    int n = strings.size();
    long table = (n + 1L) * Native.POINTER_SIZE;
    byte[][] encoded = new byte[n][];
    long size = table;
    for (int i = 0; i < n; i++) {
      encoded[i] = strings.get(i).getBytes(StandardCharsets.UTF_8);
      size += encoded[i].length + 1;
    }
    Memory block = new Memory(size);
    long at = table;
    for (int i = 0; i < n; i++) {
      block.setPointer((long) i * Native.POINTER_SIZE, block.share(at));
      block.write(at, encoded[i], 0, encoded[i].length);
      block.setByte(at + encoded[i].length, (byte) 0);
      at += encoded[i].length + 1;
    }
    block.setPointer((long) n * Native.POINTER_SIZE, null);
    return block;
  }

  /** A pipe whose ends are above 0-2 and close on exec; the file actions hand the child its ends. */
  private static int[] pipe() throws ErrnoException {
    int[] fds = new int[2];
    try {
      LibC.pipe2(fds, LibC.O_CLOEXEC);
    } catch (LastErrorException e) {
      throw new ErrnoException("pipe2", e.getErrorCode());
    }
    for (int i = 0; i < 2; i++) {
      if (fds[i] <= 2) {
        // an agent started with 0-2 closed: move the end up, so a dup2 onto 0-2 cannot clobber it
        int low = fds[i];
        fds[i] = LibC.fcntl(low, LibC.F_DUPFD_CLOEXEC, 3);
        NativeProcess.closeQuietly(low);
      }
    }
    return fds;
  }

  private static void closeAll(int... fds) {
    for (int fd : fds) {
      NativeProcess.closeQuietly(fd);
    }
  }

  private static void check(int error, String call) throws ErrnoException {
    if (error != 0) {
      throw new ErrnoException(call, error);
    }
  }

  private static byte[] bytes(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    byte[] z = new byte[utf8.length + 1];
    System.arraycopy(utf8, 0, z, 0, utf8.length);
    return z;
  }
}
