package dev.soulbox.agent.os;

import com.sun.jna.Function;
import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The libc calls behind {@link PosixSpawn} and {@link NativeProcess}, bound with JNA's direct
 * mapping (cheap enough for the read loop). 64-bit Linux only: {@code size_t} is a Java long.
 * The posix_spawn functions return an errno value instead of setting errno.
 */
final class LibC {
  static final int O_RDONLY = 0;
  static final int O_CLOEXEC = 0x80000;
  static final int F_DUPFD_CLOEXEC = 1030;
  static final int EINTR = 4;
  static final int POSIX_SPAWN_RESETIDS = 0x01;
  static final int POSIX_SPAWN_SETSIGDEF = 0x04;
  static final int POSIX_SPAWN_SETSIGMASK = 0x08;
  static final int POSIX_SPAWN_SETSID = 0x80;
  /** Room for glibc's posix_spawnattr_t (336 bytes), posix_spawn_file_actions_t (80) and sigset_t (128). */
  static final int SPAWNATTR_SIZE = 512;
  static final int FILE_ACTIONS_SIZE = 128;
  static final int SIGSET_SIZE = 128;

  private static final NativeLibrary C = NativeLibrary.getInstance("c");
  private static final Function SYSCALL = C.getFunction("syscall");

  static {
    Native.register(LibC.class, C);
  }

  private LibC() {}

  static native int posix_spawn(int[] pid, byte[] path, Pointer fileActions, Pointer attr, Pointer argv, Pointer envp);

  static native int posix_spawnattr_init(Pointer attr);

  static native int posix_spawnattr_destroy(Pointer attr);

  static native int posix_spawnattr_setflags(Pointer attr, short flags);

  static native int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

  static native int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

  static native int posix_spawn_file_actions_init(Pointer actions);

  static native int posix_spawn_file_actions_destroy(Pointer actions);

  static native int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

  static native int posix_spawn_file_actions_addopen(Pointer actions, int fd, byte[] path, int flags, int mode);

  static native int posix_spawn_file_actions_addchdir_np(Pointer actions, byte[] path);

  static native int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int lowFd);

  static native int pipe2(int[] fds, int flags) throws LastErrorException;

  static native int fcntl(int fd, int command, int arg) throws LastErrorException;

  static native int close(int fd) throws LastErrorException;

  static native long read(int fd, Pointer buffer, long count) throws LastErrorException;

  static native long write(int fd, Pointer buffer, long count) throws LastErrorException;

  static native int waitpid(int pid, int[] status, int options) throws LastErrorException;

  static native int getresuid(int[] ruid, int[] euid, int[] suid) throws LastErrorException;

  static native int getresgid(int[] rgid, int[] egid, int[] sgid) throws LastErrorException;

  static native int getgroups(int size, int[] list) throws LastErrorException;

  static native String strerror(int errno);

  /**
   * A raw system call. Credentials set this way change only the calling thread; glibc's
   * setuid family would change every thread of the agent.
   */
  static long syscall(long number, Object... args) {
    Object[] all = new Object[args.length + 1];
    all[0] = number;
    for (int i = 0; i < args.length; i++) {
      // syscall(2) reads every argument as a long
      all[i + 1] = args[i] instanceof Integer n ? Long.valueOf(n) : args[i];
    }
    return SYSCALL.invokeLong(all);
  }
}
