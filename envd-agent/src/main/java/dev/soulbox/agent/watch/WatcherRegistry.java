package dev.soulbox.agent.watch;

import dev.soulbox.grpc.FailedPreconditionException;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.proto.filesystem.EntryInfo;
import dev.soulbox.proto.filesystem.FilesystemEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every live watch of the agent: polled watchers by the id handed out at creation, and the
 * watches of open WatchDir streams. Each watch holds an inotify instance (128 per user by
 * default), so polled watchers nobody polls expire, and closing the registry closes them all.
 */
public final class WatcherRegistry implements AutoCloseable {
  public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);
  public static final int MAX_EVENTS = 10_000;
  private static final Logger log = LoggerFactory.getLogger(WatcherRegistry.class);

  private record Polled(DirectoryWatch watch, AtomicLong lastPolledNanos) {}

  private final ConcurrentMap<String, Polled> polled = new ConcurrentHashMap<>();
  private final Set<DirectoryWatch> streamed = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService scheduler;
  private final ExecutorService threads;
  private final Function<Path, EntryInfo> describe;
  private final long idleNanos;
  private final int maxEvents;
  private final ScheduledFuture<?> sweeper;
  private volatile boolean closed;

  /** {@code describe} gives the entry at a path for watches that include entries. */
  public WatcherRegistry(ScheduledExecutorService scheduler, Function<Path, EntryInfo> describe) {
    this(scheduler, describe, IDLE_TIMEOUT, MAX_EVENTS);
  }

  WatcherRegistry(ScheduledExecutorService scheduler, Function<Path, EntryInfo> describe, Duration idleTimeout,
                  int maxEvents) {
    this.scheduler = scheduler;
    this.describe = describe;
    this.idleNanos = idleTimeout.toNanos();
    this.maxEvents = maxEvents;
    AtomicInteger count = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "watch-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    long period = Math.min(idleNanos / 2, TimeUnit.MINUTES.toNanos(1));
    this.sweeper = scheduler.scheduleAtFixedRate(this::expireIdle, period, period, TimeUnit.NANOSECONDS);
  }

  /** Starts a polled watcher; its events are taken with {@link #events}. */
  public String create(WatchSpec spec) {
    DirectoryWatch watch = open(spec);
    String id = UUID.randomUUID().toString();
    polled.put(id, new Polled(watch, new AtomicLong(System.nanoTime())));
    if (closed) {
      remove(id);
      throw shuttingDown();
    }
    log.info("watcher {} on {} created (recursive {})", id, spec.path(), spec.recursive());
    return id;
  }

  /** The events since the last call, removed; a watcher that stopped reports why and is gone. */
  public List<FilesystemEvent> events(String id) {
    Polled p = find(id);
    p.lastPolledNanos().set(System.nanoTime());
    try {
      return p.watch().takeAll();
    } catch (RuntimeException stopped) {
      discard(id, p);
      throw stopped;
    }
  }

  public void remove(String id) {
    Polled p = find(id);
    discard(id, p);
    log.info("watcher {} removed", id);
  }

  /** Live watches, polled and streamed. */
  public int size() {
    return polled.size() + streamed.size();
  }

  DirectoryWatch openStreamed(WatchSpec spec) {
    DirectoryWatch watch = open(spec);
    streamed.add(watch);
    if (closed) {
      release(watch);
      throw shuttingDown();
    }
    return watch;
  }

  void release(DirectoryWatch watch) {
    streamed.remove(watch);
    watch.close();
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  private DirectoryWatch open(WatchSpec spec) {
    if (closed) {
      throw shuttingDown();
    }
    return DirectoryWatch.open(spec, threads, describe, maxEvents);
  }

  private Polled find(String id) {
    if (id.isEmpty()) {
      throw new InvalidArgumentException("watcher_id is empty; use the id CreateWatcher returned");
    }
    Polled p = polled.get(id);
    if (p == null) {
      throw new NotFoundException("watcher " + id + " does not exist (removed, stopped, or expired after "
          + IDLE_TIMEOUT.toMinutes() + " minutes without GetWatcherEvents); create a new one");
    }
    return p;
  }

  private void discard(String id, Polled p) {
    if (polled.remove(id, p)) {
      p.watch().close();
    }
  }

  private void expireIdle() {
    long now = System.nanoTime();
    polled.forEach((id, p) -> {
      if (now - p.lastPolledNanos().get() > idleNanos) {
        discard(id, p);
        log.info("watcher {} expired: not polled for {} s", id, TimeUnit.NANOSECONDS.toSeconds(idleNanos));
      }
    });
  }

  private static FailedPreconditionException shuttingDown() {
    return new FailedPreconditionException("the agent is shutting down; watch again once it is back");
  }

  /** Stops every watch; open streams end with a status that says why. */
  @Override
  public void close() {
    closed = true;
    sweeper.cancel(false);
    polled.forEach(this::discard);
    for (DirectoryWatch watch : streamed) {
      watch.stop(shuttingDown(), false);
    }
    streamed.clear();
    threads.shutdownNow();
  }
}
