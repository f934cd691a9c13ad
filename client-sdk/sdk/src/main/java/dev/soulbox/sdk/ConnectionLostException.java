package dev.soulbox.sdk;

import java.util.OptionalInt;

/**
 * SoulBox could not be reached, or a stream lost its connection and did not get it back within
 * the {@link ReconnectPolicy}'s bound (gRPC {@code UNAVAILABLE}). A process whose output stream
 * gave up is still running: {@link #pid()} names it, and {@code commands().connect(pid)} (or
 * {@code pty().connect(pid, …)}) attaches to it again once the connection is back.
 */
public class ConnectionLostException extends SoulBoxException {
  private static final long serialVersionUID = 1L;

  private final int pid;
  private final long bytesReceived;

  public ConnectionLostException(String message, Throwable cause) {
    this(message, cause, 0, 0);
  }

  /** For a process stream: {@code pid} 0 when the process never reported one. */
  public ConnectionLostException(String message, Throwable cause, int pid, long bytesReceived) {
    super(message, cause);
    this.pid = pid;
    this.bytesReceived = bytesReceived;
  }

  /** The process whose stream was lost, if the stream belonged to one that had started. */
  public OptionalInt pid() {
    return pid == 0 ? OptionalInt.empty() : OptionalInt.of(pid);
  }

  /** Output bytes the stream had delivered before it gave up. */
  public long bytesReceived() {
    return bytesReceived;
  }
}
