package dev.soulbox.orchestrator.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills sandboxes once they reach their end (checked every {@code interval}), and now and then
 * reconciles with the runtime, so sandboxes removed behind SoulBox's back are forgotten too, and
 * repairs their isolation, should something have undone it.
 */
public final class Evictor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Evictor.class);
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
  private static final int TICKS_PER_RECONCILE = 5;
  private static final int TICKS_PER_ISOLATION_REPAIR = 30;

  private final Sandboxes sandboxes;
  private final Duration interval;
  private final ScheduledExecutorService scheduler;
  private long ticks;
  private boolean failing; // only the first failure of a streak is logged, and the recovery

  public Evictor(Sandboxes sandboxes, Duration interval) {
    this.sandboxes = sandboxes;
    this.interval = interval;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sandbox-evictor");
      t.setDaemon(true);
      return t;
    });
  }

  public Evictor start() {
    scheduler.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  void tick() {
    try {
      sandboxes.evictExpired(Instant.now());
      if (++ticks % TICKS_PER_RECONCILE == 0) {
        sandboxes.reconcile();
      }
      if (ticks % TICKS_PER_ISOLATION_REPAIR == 0) {
        sandboxes.repairIsolation();
      }
      if (failing) {
        failing = false;
        log.info("eviction works again");
      }
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        log.warn("eviction failed, retrying every {} ms until it works: {}", interval.toMillis(), e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
