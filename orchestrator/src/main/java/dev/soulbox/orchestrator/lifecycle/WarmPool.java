package dev.soulbox.orchestrator.lifecycle;

import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxRuntime;
import dev.soulbox.orchestrator.runtime.SandboxSpec;
import dev.soulbox.orchestrator.runtime.Template;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Started, agent-ready sandboxes per template, waiting for a create to claim them. How many: the server's
 * setting for the template if it has one, else the template's own ({@link Template#poolSize()}). Each holds a slot
 * under the cap from before it starts, so the pool never pushes live sandboxes past it, and gives it
 * up when a cold create needs it (waiting for a start under way when none waits yet). Refills run in the background, two at a time, whenever a sandbox
 * is taken or a slot frees, and every few seconds after a failure or while the host is short of
 * memory. Nothing of a pooled sandbox is on disk: an orchestrator that starts again removes those it
 * finds unclaimed ({@link SandboxRuntime#removeUnclaimed()}), and this one removes its own on close.
 */
final class WarmPool implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WarmPool.class);
  private static final int REFILLERS = 2;
  private static final Duration RETRY = Duration.ofSeconds(5);
  /** Memory the host keeps free beyond a new sandbox's limit before the pool starts one. */
  static final long HOST_MEMORY_RESERVE = 512L << 20;

  private final Map<String, Integer> overrides;
  private final Map<String, Integer> sizes = new TreeMap<>(); // guarded by this
  private final SandboxLauncher launcher;
  private final SandboxRuntime runtime;
  private final SandboxRegistry registry;
  private final LongSupplier hostAvailableMemory;
  private final Map<String, Deque<SandboxInstance>> ready = new HashMap<>(); // guarded by this
  private final Map<String, Integer> starting = new HashMap<>(); // guarded by this
  private final Map<String, Long> retryAt = new HashMap<>(); // guarded by this; nanoTime after a failed start
  private final Map<String, Long> builtAt = new HashMap<>(); // guarded by this; nanoTime of a template's last build
  private int refillers; // guarded by this
  private boolean closed; // guarded by this
  private final ExecutorService refills = Executors.newFixedThreadPool(REFILLERS, daemon("sandbox-pool-refill"));
  private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(daemon("sandbox-pool-tick"));
  private final Metrics.Counter claims;
  private final Metrics.Histogram refillSeconds;

  /** @param overrides the server's pool sizes, which win over the templates' own */
  WarmPool(Map<String, Integer> overrides, SandboxLauncher launcher, SandboxRuntime runtime, SandboxRegistry registry,
           LongSupplier hostAvailableMemory, Metrics metrics) {
    this.overrides = Map.copyOf(overrides);
    this.launcher = launcher;
    this.runtime = runtime;
    this.registry = registry;
    this.hostAvailableMemory = hostAvailableMemory;
    this.claims = metrics.counter("soulbox_pool_claims_total",
        "Creates by whether the warm pool had a sandbox for them (hit) or they started one cold (miss).");
    this.refillSeconds = metrics.histogram("soulbox_pool_refill_seconds",
        "Time to start one warm pool sandbox until its agent answers.", 0.25, 0.5, 1, 2, 5, 10, 30);
    metrics.gauge("soulbox_pool_sandboxes", "Warm pool sandboxes waiting to be claimed, by template.", this::readyByTemplate);
    metrics.gauge("soulbox_pool_target", "Warm pool size wanted, by template.", this::targets);
  }

  /** Starts filling the pool for {@code templates}, and checking it every few seconds. */
  void start(Collection<Template> templates) {
    synchronized (this) {
      templates.forEach(t -> sizes.put(t.name(), sizeOf(t)));
      overrides.forEach(sizes::putIfAbsent); // a template that does not exist (yet) is retried, and logged
      log.info("warm pool: {}", sizes);
    }
    ticks.scheduleWithFixedDelay(this::refill, RETRY.toMillis(), RETRY.toMillis(), TimeUnit.MILLISECONDS);
    refill();
  }

  /** The pool size of {@code template} as this server runs it. */
  int sizeOf(Template template) {
    return overrides.getOrDefault(template.name(), template.poolSize());
  }

  /** A template was built (or built again): its pool takes the new setting, and its waiting sandboxes the new image. */
  void templateBuilt(Template template) {
    List<SandboxInstance> stale;
    synchronized (this) {
      sizes.put(template.name(), sizeOf(template));
      builtAt.put(template.name(), System.nanoTime());
      stale = removeWaiting(template.name());
      retryAt.remove(template.name());
    }
    stale.forEach(this::discardWithSlot);
    refill();
  }

  /**
   * A template is going: its waiting sandboxes are removed, and starts under way awaited (up to {@code wait})
   * and removed, so that none uses its image any more. False if a start outlasted {@code wait}.
   */
  boolean templateRemoved(String template, Duration wait) {
    List<SandboxInstance> waiting;
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (this) {
      sizes.remove(template);
      waiting = removeWaiting(template);
    }
    waiting.forEach(this::discardWithSlot);
    synchronized (this) {
      while (starting.getOrDefault(template, 0) > 0) {
        if (!awaitChange(deadline)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Takes every waiting sandbox of {@code template} out of the pool. Holds this. */
  private List<SandboxInstance> removeWaiting(String template) {
    Deque<SandboxInstance> waiting = ready.remove(template);
    return waiting == null ? List.of() : List.copyOf(waiting);
  }

  /** Waits for a start to end (or a notify) until {@code deadline}; false once it has passed or on interrupt. Holds this. */
  private boolean awaitChange(long deadline) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return false;
    }
    try {
      TimeUnit.NANOSECONDS.timedWait(this, left);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void discardWithSlot(SandboxInstance waiting) {
    discard(waiting);
    registry.release();
  }

  /**
   * A waiting sandbox of {@code template}, taken out of the pool with its slot; empty (a miss) when none waits.
   * The caller claims it, or gives it back to {@link #discard}.
   */
  Optional<SandboxInstance> take(String template) {
    SandboxInstance taken;
    synchronized (this) {
      if (sizes.getOrDefault(template, 0) == 0) {
        return Optional.empty();
      }
      Deque<SandboxInstance> waiting = ready.get(template);
      taken = waiting == null ? null : waiting.pollFirst();
    }
    claims.inc("template=\"" + template + "\",result=\"" + (taken == null ? "miss" : "hit") + "\"");
    refill();
    return Optional.ofNullable(taken);
  }

  /** Removes a taken sandbox that could not be claimed; its slot stays with the caller. */
  void discard(SandboxInstance taken) {
    try {
      runtime.remove(taken.sandboxId());
    } catch (RuntimeException e) {
      log.warn("pooled sandbox {} could not be removed: {}", taken.sandboxId(), e.toString());
    }
    registry.announceRemoved(taken.sandboxId()); // what was kept for it (its agent's channel) goes too
  }

  /**
   * Removes a waiting sandbox (of the template with the most waiting) and hands its slot to the caller. When
   * none waits but some are starting, waits up to {@code wait} for one; false when the pool has none to give.
   */
  boolean giveUpSlot(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    SandboxInstance shed;
    synchronized (this) {
      while ((shed = pollFromFullest()) == null) {
        if (starting.values().stream().mapToInt(Integer::intValue).sum() == 0 || !awaitChange(deadline)) {
          return false;
        }
      }
    }
    log.info("pooled sandbox {} removed to make room for a create", shed.sandboxId());
    discard(shed);
    return true;
  }

  /** Holds this. */
  private SandboxInstance pollFromFullest() {
    return ready.values().stream().filter(d -> !d.isEmpty()).max((a, b) -> Integer.compare(a.size(), b.size()))
        .map(Deque::pollLast).orElse(null);
  }

  /** Starts refills where the pool is short, up to {@link #REFILLERS} at a time. */
  void refill() {
    synchronized (this) {
      if (closed || refillers >= REFILLERS || nextToFill() == null) {
        return;
      }
      refillers++;
    }
    try {
      refills.execute(this::refillLoop);
    } catch (RuntimeException rejected) {
      synchronized (this) {
        refillers--;
      }
    }
  }

  private void refillLoop() {
    try {
      while (true) {
        String template;
        synchronized (this) {
          template = closed ? null : nextToFill();
          if (template == null) {
            return;
          }
          starting.merge(template, 1, Integer::sum);
        }
        try {
          startOne(template);
        } finally {
          synchronized (this) {
            starting.merge(template, -1, Integer::sum);
            notifyAll(); // a create waiting for a slot looks again
          }
        }
      }
    } finally {
      synchronized (this) {
        refillers--;
      }
    }
  }

  private void startOne(String template) {
    SandboxSpec spec;
    try {
      spec = launcher.poolSpecFor(template);
    } catch (RuntimeException e) {
      fail(template, "cannot start its sandboxes: " + e.getMessage());
      return;
    }
    long needed = spec.resources().memoryMib() * (1L << 20) + HOST_MEMORY_RESERVE;
    if (hostAvailableMemory.getAsLong() < needed) {
      fail(template, "the host has " + (hostAvailableMemory.getAsLong() >> 20) + " MiB available, "
          + (needed >> 20) + " MiB needed for one more");
      return;
    }
    if (!registry.tryReserve()) {
      synchronized (this) {
        retryAt.put(template, System.nanoTime() + RETRY.toNanos()); // a freed slot calls refill() sooner
      }
      return;
    }
    long begun = System.nanoTime();
    SandboxInstance started;
    try {
      started = launcher.start(spec);
    } catch (RuntimeException e) {
      registry.release();
      fail(template, "a sandbox did not start: " + e.getMessage());
      return;
    }
    try {
      launcher.warm(started);
    } catch (RuntimeException e) {
      log.debug("pooled sandbox {} was not warmed: {}", started.sandboxId(), e.toString());
    }
    refillSeconds.observe((System.nanoTime() - begun) / 1e9);
    boolean keep;
    synchronized (this) {
      Deque<SandboxInstance> waiting = ready.computeIfAbsent(template, t -> new ArrayDeque<>());
      // the template may have shrunk, gone, or been built again while this one started from its old image
      keep = !closed && waiting.size() < sizes.getOrDefault(template, 0) && begun - builtAt.getOrDefault(template, begun) >= 0;
      if (keep) {
        waiting.addLast(started);
        retryAt.remove(template);
      }
    }
    if (!keep) {
      discard(started);
      registry.release();
    }
  }

  private void fail(String template, String why) {
    boolean first;
    synchronized (this) {
      first = !retryAt.containsKey(template);
      retryAt.put(template, System.nanoTime() + RETRY.toNanos());
    }
    if (first) {
      log.warn("warm pool of {}: {}; trying again every {} s", template, why, RETRY.toSeconds());
    } else {
      log.debug("warm pool of {}: {}", template, why);
    }
  }

  /** The template furthest below its size that is not waiting out a failure; null when none is short. Holds this. */
  private String nextToFill() {
    String neediest = null;
    int largestGap = 0;
    long now = System.nanoTime();
    for (Map.Entry<String, Integer> size : sizes.entrySet()) {
      String template = size.getKey();
      Long retry = retryAt.get(template);
      if (retry != null && now < retry) {
        continue;
      }
      Deque<SandboxInstance> waiting = ready.get(template);
      int have = (waiting == null ? 0 : waiting.size()) + starting.getOrDefault(template, 0);
      int gap = size.getValue() - have;
      if (gap > largestGap) {
        largestGap = gap;
        neediest = template;
      }
    }
    return neediest;
  }

  private synchronized Map<String, Double> targets() {
    return series(sizes);
  }

  private synchronized Map<String, Double> readyByTemplate() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    sizes.keySet().forEach(t -> counts.put(t, ready.containsKey(t) ? ready.get(t).size() : 0));
    return series(counts);
  }

  private static Map<String, Double> series(Map<String, Integer> byTemplate) {
    Map<String, Double> series = new LinkedHashMap<>();
    byTemplate.forEach((t, n) -> series.put("template=\"" + t + "\"", n.doubleValue()));
    return series;
  }

  /** Stops refilling and removes every waiting sandbox, freeing their slots. */
  @Override
  public void close() {
    List<SandboxInstance> waiting = new ArrayList<>();
    synchronized (this) {
      closed = true;
      ready.values().forEach(waiting::addAll);
      ready.clear();
    }
    ticks.shutdownNow();
    refills.shutdown();
    waiting.forEach(this::discardWithSlot);
    try {
      refills.awaitTermination(30, TimeUnit.SECONDS); // a start under way is discarded when it ends
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
