package dev.soulbox.orchestrator.lifecycle;

import dev.soulbox.grpc.FailedPreconditionException;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.orchestrator.lifecycle.SandboxRegistry.Entry;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.runtime.EgressPolicy;
import dev.soulbox.orchestrator.runtime.LogSink;
import dev.soulbox.orchestrator.runtime.SandboxEndpoint;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxRuntime;
import dev.soulbox.orchestrator.runtime.SandboxSpec;
import dev.soulbox.orchestrator.runtime.SandboxState;
import dev.soulbox.orchestrator.runtime.SandboxUsage;
import dev.soulbox.orchestrator.runtime.Template;
import dev.soulbox.orchestrator.runtime.TemplateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place sandboxes change state: create, pause, resume, set timeout, kill, evict. Each
 * change is made on the runtime first, then recorded here and in the sandbox's lifecycle log.
 * Changes to one sandbox are serialized; different sandboxes change in parallel.
 */
public final class Sandboxes implements SandboxDirectory, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sandboxes.class);

  private final SandboxRuntime runtime;
  private final SandboxSettings settings;
  private final SandboxRegistry registry;
  private final SandboxLauncher launcher;
  private final TemplateStore templates;
  private final WarmPool pool;
  private final Metrics.Counter creates;
  private final Metrics.Histogram createSeconds;
  private final Metrics.Counter evictions;

  /** @param vncTokenFor the token that routes VNC to the sandbox with this id */
  public Sandboxes(SandboxRuntime runtime, TemplateStore templates, SandboxSettings settings,
                   UnaryOperator<String> vncTokenFor, Metrics metrics) {
    this(runtime, templates, settings, vncTokenFor, metrics, HostMemory::availableBytes);
  }

  /** @param hostAvailableMemory bytes of memory the host has free for new sandboxes (the warm pool asks) */
  Sandboxes(SandboxRuntime runtime, TemplateStore templates, SandboxSettings settings,
            UnaryOperator<String> vncTokenFor, Metrics metrics, LongSupplier hostAvailableMemory) {
    this.runtime = runtime;
    this.templates = templates;
    this.settings = settings;
    this.registry = new SandboxRegistry(settings.maxSandboxes(), vncTokenFor);
    this.launcher = new SandboxLauncher(runtime, templates, settings, vncTokenFor);
    this.pool = new WarmPool(settings.poolSizes(), launcher, runtime, registry, hostAvailableMemory, metrics);
    registry.onRemoved(id -> pool.refill()); // a freed slot may be the one the pool waits for
    this.creates = metrics.counter("soulbox_sandbox_creates_total", "Sandbox creations by result.");
    this.createSeconds = metrics.histogram("soulbox_sandbox_create_seconds",
        "Time from CreateSandbox to an agent that answers.", 0.25, 0.5, 1, 2, 5, 10, 30, 60);
    metrics.gauge("soulbox_sandboxes", "Live sandboxes by state.", registry::countByState);
    this.evictions = metrics.counter("soulbox_sandbox_evictions_total", "Sandboxes removed at their end.");
  }

  /**
   * Isolates the sandboxes, removes those that stopped and the warm pool's that nobody claimed, adopts the
   * running and paused ones: the state after a restart. The warm pool fills once {@link #fillWarmPool()} is called.
   */
  public void restore() {
    runtime.isolate();
    runtime.removeStopped().forEach(id -> log.info("sandbox {} had stopped while no orchestrator ran; removed", id));
    runtime.removeUnclaimed().forEach(id -> log.info("pooled sandbox {} of an earlier run removed", id));
    for (SandboxInstance s : runtime.list()) {
      if (registry.find(s.sandboxId()).isEmpty()) {
        registry.adopt(s).events.record("adopted by a restarted orchestrator (" + s.state() + ")");
        log.info("sandbox {} adopted ({}, {}, ends {})", s.sandboxId(), s.template(), s.state(), s.endAt());
      }
    }
  }

  /**
   * Starts filling the warm pool, and keeping it full. A server calls it once its ports are bound: a pooled
   * sandbox publishes its ports on host ports Docker picks, which could otherwise take a port the server is
   * about to bind.
   */
  public void fillWarmPool() {
    pool.start(settings.agentInit() == null ? List.of() : templates.list());
  }

  /** The cap on sandboxes, pooled ones included. */
  public int maxSandboxes() {
    return settings.maxSandboxes();
  }

  /** The warm pool size of {@code template} on this server: its own setting, or the server's for it. */
  public int poolSizeOf(Template template) {
    return settings.agentInit() == null ? 0 : pool.sizeOf(template);
  }

  /** A template was built: the warm pool follows its setting and new image. */
  public void templateBuilt(Template template) {
    if (settings.agentInit() != null) {
      pool.templateBuilt(template);
    }
  }

  /**
   * Template {@code name} is about to be deleted: the warm pool lets its sandboxes go.
   *
   * @throws FailedPreconditionException if one still starting did not finish in time
   */
  public void templateRemoved(String name) {
    if (!pool.templateRemoved(name, settings.readiness().timeout())) {
      throw new FailedPreconditionException("template " + name + " has a warm pool sandbox still starting; try again");
    }
  }

  /** Removes the warm pool's waiting sandboxes; live sandboxes keep running. */
  @Override
  public void close() {
    pool.close();
  }

  /**
   * Creates a sandbox and returns once its agent answers: one of the warm pool's when one waits, else a new
   * one. A slot under the cap is held from before it starts (a pooled sandbox comes with its own).
   */
  public SandboxInstance create(SandboxRequest request) {
    long started = System.nanoTime();
    try {
      SandboxSpec spec = launcher.specFor(request);
      Optional<SandboxInstance> claimed = claimFromPool(spec);
      SandboxInstance created;
      if (claimed.isPresent()) {
        created = claimed.get();
      } else {
        reserveSlot();
        try {
          created = launcher.start(spec);
        } catch (RuntimeException e) {
          registry.release();
          throw e;
        }
      }
      registry.add(created).events.record("created from template " + spec.template()
          + (claimed.isPresent() ? " (taken from the warm pool)" : "") + ", ends at " + created.endAt());
      creates.inc("result=\"ok\"");
      createSeconds.observe((System.nanoTime() - started) / 1e9);
      return created;
    } catch (RuntimeException e) {
      creates.inc("result=\"error\"");
      throw e;
    }
  }

  /**
   * A pooled sandbox made the one {@code spec} asks for; empty when the pool has none that takes the claim.
   * A pooled sandbox that fails its claim is removed and the next one tried; the last one's slot is given back.
   */
  private Optional<SandboxInstance> claimFromPool(SandboxSpec spec) {
    Optional<SandboxInstance> pooled;
    while ((pooled = pool.take(spec.template())).isPresent()) {
      try {
        return Optional.of(launcher.claim(pooled.get(), spec));
      } catch (RuntimeException e) {
        log.warn("pooled sandbox {} could not be claimed, removed: {}", pooled.get().sandboxId(), e.getMessage());
        pool.discard(pooled.get());
        registry.release();
      }
    }
    return Optional.empty();
  }

  /** A slot for a new sandbox, taken over from the warm pool when the cap leaves none free. */
  private void reserveSlot() {
    if (!registry.tryReserve() && !pool.giveUpSlot(settings.readiness().timeout())) {
      registry.reserve(); // one may have freed meanwhile; else fails, saying why
    }
  }

  public SandboxInstance get(String sandboxId) {
    return require(sandboxId).instance();
  }

  /** Sandboxes having every pair of {@code metadata} and one of {@code states} (any state when empty), oldest first. */
  public List<SandboxInstance> list(Map<String, String> metadata, Set<SandboxState> states) {
    return registry.entries().stream().map(Entry::instance)
        .filter(s -> s.matches(metadata) && (states.isEmpty() || states.contains(s.state())))
        .sorted(Comparator.comparing(SandboxInstance::startedAt).thenComparing(SandboxInstance::sandboxId))
        .toList();
  }

  public void kill(String sandboxId) {
    if (!remove(require(sandboxId), "killed")) {
      throw gone(sandboxId);
    }
  }

  /** Removes every sandbox whose end is not after {@code now}; returns how many. */
  public int evictExpired(Instant now) {
    int evicted = 0;
    for (Entry e : List.copyOf(registry.entries())) {
      if (!e.instance().endAt().isAfter(now) && remove(e, "evicted: its timeout ended")) {
        evictions.inc();
        evicted++;
      }
    }
    return evicted;
  }

  /**
   * Forgets sandboxes whose container stopped or was removed behind SoulBox's back (removing what
   * is left of them). Containers the registry does not know are left alone: they may be being created.
   */
  public void reconcile() {
    List<Entry> known = List.copyOf(registry.entries()); // before listing: a sandbox added later is not missing
    Set<String> live = runtime.liveIds();
    for (Entry e : known) {
      String id = e.instance().sandboxId();
      if (!live.contains(id) && !e.removed) {
        runtime.remove(id);
        forget(e, "its container stopped or was removed outside SoulBox");
      }
    }
  }

  /** Sets up again whatever keeps sandboxes apart that was undone since (a firewall reload, a Docker restart). */
  public void repairIsolation() {
    runtime.isolate();
  }

  public SandboxInstance pause(String sandboxId) {
    Entry e = require(sandboxId);
    synchronized (e) {
      ensureLive(e);
      if (e.instance().state() == SandboxState.PAUSED) {
        throw new FailedPreconditionException("sandbox " + sandboxId + " is already paused");
      }
      runtime.pause(sandboxId);
      e.update(e.instance().withState(SandboxState.PAUSED));
      e.events.record("paused");
    }
    log.info("sandbox {} paused", sandboxId);
    return e.instance();
  }

  /** Resumes a paused sandbox; a non-zero {@code timeout} also resets its end to that long from now. */
  public SandboxInstance resume(String sandboxId, Duration timeout) {
    Entry e = require(sandboxId);
    if (!timeout.isZero()) {
      SandboxLimits.positiveTimeout(timeout, settings.maxTimeout());
    }
    synchronized (e) {
      ensureLive(e);
      if (e.instance().state() != SandboxState.PAUSED) {
        throw new FailedPreconditionException("sandbox " + sandboxId + " is " + e.instance().state().name()
            .toLowerCase() + ", not paused; only a paused sandbox can be resumed");
      }
      runtime.unpause(sandboxId);
      e.update(e.instance().withState(SandboxState.RUNNING));
      e.events.record("resumed");
      if (!timeout.isZero()) {
        changeEnd(e, Instant.now().plus(timeout));
      }
    }
    log.info("sandbox {} resumed", sandboxId);
    return e.instance();
  }

  public SandboxInstance setTimeout(String sandboxId, Duration timeout) {
    Entry e = require(sandboxId);
    SandboxLimits.positiveTimeout(timeout, settings.maxTimeout());
    synchronized (e) {
      ensureLive(e);
      changeEnd(e, Instant.now().plus(timeout));
    }
    log.info("sandbox {} now ends at {}", sandboxId, e.instance().endAt());
    return e.instance();
  }

  private void changeEnd(Entry e, Instant endAt) {
    runtime.setEndAt(e.instance().sandboxId(), endAt);
    e.update(e.instance().withEndAt(endAt));
    e.events.record("timeout set: ends at " + endAt);
  }

  public SandboxUsage usage(String sandboxId) {
    require(sandboxId);
    return runtime.usage(sandboxId);
  }

  /** Streams the sandbox's lifecycle events merged with its container's output; close the handle to stop. */
  public AutoCloseable logs(String sandboxId, boolean follow, LogSink sink) {
    Entry e = require(sandboxId);
    return new LogMerge(runtime, sandboxId, e.events).start(follow, sink);
  }

  /** Replaces the sandbox's egress policy; its new connections follow it at once. */
  public SandboxInstance updateNetwork(String sandboxId, EgressPolicy policy) {
    Entry e = require(sandboxId);
    synchronized (e) {
      ensureLive(e);
      runtime.setEgress(sandboxId, policy);
      e.update(e.instance().withEgress(policy));
      e.events.record("network policy set: " + policy.encode());
    }
    log.info("sandbox {} network policy now {}", sandboxId, policy.encode());
    return e.instance();
  }

  public SandboxInstance exposePort(String sandboxId, int port) {
    if (port < 1 || port > 65535) {
      throw new InvalidArgumentException("port must be between 1 and 65535, got " + port);
    }
    Entry e = require(sandboxId);
    synchronized (e) {
      ensureLive(e);
      if (!e.instance().exposedPorts().contains(port)) {
        runtime.addExposedPort(sandboxId, port);
        e.update(e.instance().withExposedPort(port));
        e.events.record("port " + port + " exposed");
      }
    }
    return e.instance();
  }

  /** The token that routes VNC to this sandbox, or empty when it has no VNC. */
  public Optional<String> vncToken(SandboxInstance sandbox) {
    return Optional.ofNullable(registry.vncToken(sandbox));
  }

  @Override
  public Optional<SandboxEndpoint> find(String sandboxId) {
    return registry.find(sandboxId).map(e -> e.instance().endpoint());
  }

  @Override
  public Optional<SandboxEndpoint> findByVncToken(String token) {
    return registry.findByVncToken(token).map(e -> e.instance().endpoint());
  }

  @Override
  public Optional<SandboxEndpoint> findRunningByAccessToken(Predicate<String> matches) {
    return registry.entries().stream().map(Entry::instance)
        .filter(s -> s.state() == SandboxState.RUNNING && s.accessToken() != null && matches.test(s.accessToken()))
        .findFirst().map(SandboxInstance::endpoint);
  }

  @Override
  public void onRemoved(Consumer<String> listener) {
    registry.onRemoved(listener);
  }

  /** Calls {@code listener} with each sandbox once it is recorded (created or adopted). */
  public void onAdded(Consumer<SandboxInstance> listener) {
    registry.onAdded(listener);
  }

  private boolean remove(Entry e, String reason) {
    String id = e.instance().sandboxId();
    synchronized (e) {
      if (e.removed) {
        return false;
      }
      e.events.record(reason); // before the container goes, so that followed logs end with it
      try {
        runtime.remove(id);
      } catch (RuntimeException failed) {
        e.events.record("removal failed: " + failed.getMessage());
        throw failed;
      }
      e.removed = true;
    }
    registry.remove(e);
    log.info("sandbox {} {}", id, reason);
    return true;
  }

  private void forget(Entry e, String reason) {
    synchronized (e) {
      if (e.removed) {
        return;
      }
      e.removed = true;
      e.events.record(reason);
    }
    registry.remove(e);
    log.warn("sandbox {} is gone: {}", e.instance().sandboxId(), reason);
  }

  private Entry require(String sandboxId) {
    SandboxIds.check(sandboxId);
    return registry.find(sandboxId).orElseThrow(() -> gone(sandboxId));
  }

  private static void ensureLive(Entry e) {
    if (e.removed) {
      throw gone(e.instance().sandboxId());
    }
  }

  private static NotFoundException gone(String sandboxId) {
    return new NotFoundException("sandbox " + sandboxId + " does not exist");
  }
}
