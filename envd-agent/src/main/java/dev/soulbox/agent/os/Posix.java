package dev.soulbox.agent.os;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.soulbox.grpc.PermissionDeniedException;

/** The few libc calls the JDK does not offer: any signal, to a process or a process group. */
public final class Posix {
  private interface LibC extends Library {
    int kill(int pid, int signal) throws LastErrorException;

    int getuid();
  }

  private static final LibC LIBC = Native.load("c", LibC.class);
  private static final int EPERM = 1;
  private static final int ESRCH = 3;

  private Posix() {}

  /** Sends {@code signal} to {@code pid}; returns false when no such process exists any more. */
  public static boolean kill(long pid, int signal) {
    return send((int) pid, signal);
  }

  /** Sends {@code signal} to every process in the group {@code pgid}; false when the group is empty. */
  public static boolean killGroup(long pgid, int signal) {
    return send(-(int) pgid, signal);
  }

  public static int uid() {
    return LIBC.getuid();
  }

  private static boolean send(int target, int signal) {
    try {
      LIBC.kill(target, signal);
      return true;
    } catch (LastErrorException e) {
      if (e.getErrorCode() == ESRCH) {
        return false;
      }
      if (e.getErrorCode() == EPERM) {
        throw new PermissionDeniedException("not allowed to signal process " + Math.abs(target));
      }
      throw new IllegalStateException("kill(" + target + ", " + signal + ") failed with errno " + e.getErrorCode(), e);
    }
  }
}
