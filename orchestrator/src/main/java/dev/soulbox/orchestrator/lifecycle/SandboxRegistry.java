package dev.soulbox.orchestrator.lifecycle;

import dev.soulbox.grpc.ResourceExhaustedException;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxState;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live sandboxes by id, their VNC routes, and the slots under the cap: a create reserves a
 * slot before it starts anything, so concurrent creates can never go past the cap. A warm pool's
 * sandbox holds a slot from before it starts; a create that claims it takes its slot over.
 */
final class SandboxRegistry {
  private static final Logger log = LoggerFactory.getLogger(SandboxRegistry.class);

  /** A live sandbox; its monitor serializes the state changes of that sandbox. */
  static final class Entry {
    final LifecycleLog events = new LifecycleLog();
    private volatile SandboxInstance instance;
    private final String vncToken;
    boolean removed; // guarded by this

    Entry(SandboxInstance instance, String vncToken) {
      this.instance = instance;
      this.vncToken = vncToken;
    }

    SandboxInstance instance() {
      return instance;
    }

    void update(SandboxInstance changed) {
      this.instance = changed;
    }
  }

  private final int maxSandboxes;
  private final UnaryOperator<String> vncTokenFor;
  private final AtomicInteger slotsInUse = new AtomicInteger();
  private final ConcurrentMap<String, Entry> byId = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, String> idByVncToken = new ConcurrentHashMap<>();
  private final List<Consumer<SandboxInstance>> addedListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> removedListeners = new CopyOnWriteArrayList<>();

  SandboxRegistry(int maxSandboxes, UnaryOperator<String> vncTokenFor) {
    this.maxSandboxes = maxSandboxes;
    this.vncTokenFor = vncTokenFor;
  }

  /** Takes a slot for a sandbox about to be created, or fails with RESOURCE_EXHAUSTED. */
  void reserve() {
    if (!tryReserve()) {
      throw new ResourceExhaustedException("this server runs at most " + maxSandboxes
          + " sandboxes (--max-sandboxes) and all are in use; kill one and try again");
    }
  }

  /** Takes a slot when one is free; a warm pool's sandboxes hold slots too. */
  boolean tryReserve() {
    int used;
    do {
      used = slotsInUse.get();
      if (used >= maxSandboxes) {
        return false;
      }
    } while (!slotsInUse.compareAndSet(used, used + 1));
    return true;
  }

  /** Gives back a slot whose create failed. */
  void release() {
    slotsInUse.decrementAndGet();
  }

  /** Records a created sandbox in the slot it reserved. */
  Entry add(SandboxInstance instance) {
    String vncToken = vncToken(instance);
    Entry entry = new Entry(instance, vncToken);
    byId.put(instance.sandboxId(), entry);
    if (vncToken != null) {
      idByVncToken.put(vncToken, instance.sandboxId());
    }
    addedListeners.forEach(l -> notify(l, instance));
    return entry;
  }

  /** Records a sandbox found running at start-up; it takes a slot even past the cap. */
  Entry adopt(SandboxInstance instance) {
    slotsInUse.incrementAndGet();
    return add(instance);
  }

  /** The token that routes VNC to this sandbox, or null when it has no VNC. */
  String vncToken(SandboxInstance s) {
    return s.hasVnc() ? vncTokenFor.apply(s.sandboxId()) : null;
  }

  /** Forgets the sandbox; true when this call removed it (listeners are told once). */
  boolean remove(Entry entry) {
    String id = entry.instance().sandboxId();
    if (!byId.remove(id, entry)) {
      return false;
    }
    slotsInUse.decrementAndGet();
    if (entry.vncToken != null) {
      idByVncToken.remove(entry.vncToken, id);
    }
    removedListeners.forEach(l -> notify(l, id));
    return true;
  }

  /** Tells the listeners that a sandbox never recorded here (a warm pool's) is gone. */
  void announceRemoved(String sandboxId) {
    removedListeners.forEach(l -> notify(l, sandboxId));
  }

  Optional<Entry> find(String sandboxId) {
    return Optional.ofNullable(sandboxId == null ? null : byId.get(sandboxId));
  }

  Optional<Entry> findByVncToken(String token) {
    return Optional.ofNullable(token == null ? null : idByVncToken.get(token)).flatMap(this::find);
  }

  Collection<Entry> entries() {
    return byId.values();
  }

  /** Live sandboxes by state, every state present, as the series of a gauge. */
  Map<String, Double> countByState() {
    Map<SandboxState, Double> counts = new EnumMap<>(SandboxState.class);
    for (SandboxState state : SandboxState.values()) {
      counts.put(state, 0.0);
    }
    byId.values().forEach(e -> counts.merge(e.instance().state(), 1.0, Double::sum));
    Map<String, Double> series = new LinkedHashMap<>();
    counts.forEach((state, n) -> series.put("state=\"" + state.name().toLowerCase() + "\"", n));
    return series;
  }

  void onAdded(Consumer<SandboxInstance> listener) {
    addedListeners.add(listener);
  }

  void onRemoved(Consumer<String> listener) {
    removedListeners.add(listener);
  }

  private static <T> void notify(Consumer<T> listener, T value) {
    try {
      listener.accept(value);
    } catch (RuntimeException e) {
      log.warn("sandbox listener failed for {}", value, e);
    }
  }
}
