package dev.soulbox.sdk.internal;

import dev.soulbox.sdk.SoulBoxException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Notices a stream that has gone silent. The sandbox sends keepalives on idle streams, so a
 * stream that hears nothing for {@code limit} has lost its connection even if TCP has not noticed
 * (a dropped NAT entry, a hung proxy); {@code onIdle} then cancels the call so it can reconnect.
 */
final class IdleTimer {
  private final Duration limit;
  private final ScheduledFuture<?> check;
  private volatile long lastHeardNanos = System.nanoTime();
  private volatile boolean fired;

  IdleTimer(ScheduledExecutorService scheduler, Duration limit, Runnable onIdle) {
    this.limit = limit;
    long period = Math.max(1, limit.toMillis() / 4);
    try {
      this.check = scheduler.scheduleAtFixedRate(() -> {
        if (!fired && System.nanoTime() - lastHeardNanos >= limit.toNanos()) {
          fired = true;
          onIdle.run();
        }
      }, period, period, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      throw new SoulBoxException("the SoulBox client is closed", e);
    }
  }

  /** Something arrived, or a new call begins: the silence starts over. */
  void heard() {
    lastHeardNanos = System.nanoTime();
    fired = false;
  }

  Duration limit() {
    return limit;
  }

  void stop() {
    check.cancel(false);
  }
}
