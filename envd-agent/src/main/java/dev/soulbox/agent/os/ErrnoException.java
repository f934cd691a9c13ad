package dev.soulbox.agent.os;

import java.io.IOException;

/** A libc call failed; {@link #errno()} says why. */
public final class ErrnoException extends IOException {
  public static final int EAGAIN = 11;
  public static final int ENOMEM = 12;
  public static final int ENFILE = 23;
  public static final int EMFILE = 24;

  private final int errno;

  public ErrnoException(String action, int errno) {
    super(action + ": " + LibC.strerror(errno) + " (errno " + errno + ")");
    this.errno = errno;
  }

  public int errno() {
    return errno;
  }

  /** True when the failure is a shortage (processes, memory, descriptors), not a bad request. */
  public boolean isResourceShortage() {
    return errno == EAGAIN || errno == ENOMEM || errno == ENFILE || errno == EMFILE;
  }
}
