package dev.soulbox.grpc.stream;

/**
 * The messages of one server stream, as the feature behind it knows them; {@link ServerStream}
 * does the sending. {@link #opening}, {@link #next}, {@link #failure}, {@link #exhausted},
 * {@link #closing} and {@link #keepalive} are called one at a time; {@link #close} may come from
 * another thread (the client cancelling) while one of them runs.
 */
public interface StreamSource<T> {
  /** The message that opens the stream (envd's start event), or null for none. Called once, first. */
  default T opening() {
    return null;
  }

  /** The next message, or null when none is ready now; a thrown failure ends the stream with its status. */
  T next();

  /** A failure to end the stream with now, or null. Checked before and after messages are taken. */
  default RuntimeException failure() {
    return null;
  }

  /** True once every message has been taken and no more will come; the stream then closes normally. */
  boolean exhausted();

  /** The message sent after the last one of a stream that ran to its end, or null for none. */
  default T closing() {
    return null;
  }

  /** What to send on a stream that has been idle for the keepalive interval, or null to send nothing. */
  default T keepalive() {
    return null;
  }

  /** {@code wake} must run, on any thread, whenever {@link #next}, {@link #failure} or {@link #exhausted} may have changed. */
  void onAvailable(Runnable wake);

  /**
   * The stream is over: it completed, failed, or its client went away. Release what the stream
   * reads; never end the thing it reads from (a cancelled call detaches, it does not kill). Called once.
   */
  void close();
}
