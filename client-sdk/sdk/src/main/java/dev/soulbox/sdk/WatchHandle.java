package dev.soulbox.sdk;

import java.util.Optional;

/**
 * A watch on a directory. It re-subscribes by itself when its connection drops or when the
 * sandbox drops it for falling behind; <b>events that happen while it is re-subscribing are
 * missed</b>, so a caller that must not miss anything re-lists the directory after a gap. It
 * ends when closed, when the directory goes away, or when re-subscribing gives up.
 */
public interface WatchHandle extends AutoCloseable {
  /** Whether events are still being delivered. */
  boolean isActive();

  /** Why the watch ended on its own, if it did. */
  Optional<SoulBoxException> failure();

  /** Stops the watch. Idempotent. */
  @Override
  void close();
}
