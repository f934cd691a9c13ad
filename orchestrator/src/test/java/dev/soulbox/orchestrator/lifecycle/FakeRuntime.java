package dev.soulbox.orchestrator.lifecycle;

import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.orchestrator.runtime.EgressPolicy;
import dev.soulbox.orchestrator.runtime.HostCapacity;
import dev.soulbox.orchestrator.runtime.LogLine;
import dev.soulbox.orchestrator.runtime.LogSink;
import dev.soulbox.orchestrator.runtime.SandboxClaim;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxLaunchException;
import dev.soulbox.orchestrator.runtime.SandboxRuntime;
import dev.soulbox.orchestrator.runtime.SandboxSpec;
import dev.soulbox.orchestrator.runtime.SandboxState;
import dev.soulbox.orchestrator.runtime.SandboxUsage;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory runtime: sandboxes are map entries; tests can make creates slow or stop sandboxes behind its back. */
public final class FakeRuntime implements SandboxRuntime {
  public final Map<String, SandboxInstance> running = new ConcurrentHashMap<>();
  final Set<String> stopped = ConcurrentHashMap.newKeySet();
  final AtomicInteger creates = new AtomicInteger();
  final AtomicInteger removes = new AtomicInteger();
  final AtomicInteger isolations = new AtomicInteger();
  public final List<SandboxSpec> specs = new CopyOnWriteArrayList<>();
  /** Pooled sandboxes no claim has taken yet. */
  final Set<String> unclaimed = ConcurrentHashMap.newKeySet();
  final List<SandboxClaim> claims = new CopyOnWriteArrayList<>();
  private final AtomicInteger ports = new AtomicInteger(40000);
  volatile long createMillis;
  public volatile String output = "";

  @Override
  public void setEgress(String sandboxId, EgressPolicy policy) {
    running.computeIfPresent(sandboxId, (id, s) -> s.withEgress(policy));
  }

  @Override
  public void isolate() {
    isolations.incrementAndGet();
  }

  @Override
  public SandboxInstance create(SandboxSpec spec) {
    creates.incrementAndGet();
    specs.add(spec);
    if (createMillis > 0) {
      try {
        Thread.sleep(createMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    SandboxInstance s = new SandboxInstance(spec.sandboxId(), spec.template(), SandboxState.RUNNING, spec.metadata(),
        spec.startedAt(), spec.endAt(), spec.accessToken(), spec.resources(),
        new InetSocketAddress("127.0.0.1", ports.incrementAndGet()),
        spec.vnc() ? new InetSocketAddress("127.0.0.1", ports.incrementAndGet()) : null, "172.17.0.9", Set.of(),
        "0.5.7", spec.egress());
    running.put(s.sandboxId(), s);
    if (spec.pooled()) {
      unclaimed.add(s.sandboxId());
    }
    return s;
  }

  @Override
  public SandboxInstance claim(SandboxClaim claim) {
    SandboxInstance pooled = running.get(claim.sandboxId());
    if (pooled == null || !unclaimed.remove(claim.sandboxId())) {
      throw new SandboxLaunchException("pooled sandbox " + claim.sandboxId() + " is gone");
    }
    claims.add(claim);
    SandboxInstance s = new SandboxInstance(pooled.sandboxId(), pooled.template(), pooled.state(), claim.metadata(),
        claim.startedAt(), claim.endAt(), claim.accessToken(), claim.resources(), pooled.agent(),
        claim.vnc() ? pooled.vnc() : null, pooled.networkAddress(), Set.of(), pooled.envdVersion(), claim.egress());
    running.put(s.sandboxId(), s);
    return s;
  }

  @Override
  public List<String> removeUnclaimed() {
    List<String> ids = new ArrayList<>(unclaimed);
    ids.forEach(this::remove);
    return ids;
  }

  @Override
  public List<SandboxInstance> list() {
    return running.values().stream().filter(s -> !unclaimed.contains(s.sandboxId())).toList();
  }
  @Override public Set<String> liveIds() { return Set.copyOf(running.keySet()); }
  @Override public Optional<SandboxInstance> find(String id) { return Optional.ofNullable(running.get(id)); }

  @Override
  public List<String> removeStopped() {
    List<String> ids = new ArrayList<>(stopped);
    stopped.clear();
    return ids;
  }

  @Override
  public void remove(String id) {
    removes.incrementAndGet();
    running.remove(id);
    unclaimed.remove(id);
  }

  @Override public void pause(String id) { running.computeIfPresent(id, (k, s) -> s.withState(SandboxState.PAUSED)); }
  @Override public void unpause(String id) { running.computeIfPresent(id, (k, s) -> s.withState(SandboxState.RUNNING)); }
  @Override public void setEndAt(String id, Instant endAt) { running.computeIfPresent(id, (k, s) -> s.withEndAt(endAt)); }
  @Override public void addExposedPort(String id, int port) { running.computeIfPresent(id, (k, s) -> s.withExposedPort(port)); }
  @Override public String logTail(String id, int lines) { return output; }

  @Override
  public AutoCloseable logs(String id, Instant since, int tail, boolean follow, LogSink sink) {
    if (!running.containsKey(id)) {
      throw new NotFoundException("sandbox " + id + " does not exist");
    }
    for (String line : output.lines().toList()) {
      sink.accept(new LogLine(Instant.now(), LogLine.STDOUT, line));
    }
    if (!follow) {
      sink.end(null);
    }
    return () -> {};
  }

  @Override
  public SandboxUsage usage(String id) {
    return new SandboxUsage(Instant.now(), 1, 5, 100, 1000, 10, 0, 3);
  }

  @Override public HostCapacity capacity() { return new HostCapacity(2, 8L << 30); }

  /** A readiness check that passes at once. */
  public static ReadinessCheck alwaysReady() {
    return new ReadinessCheck() {
      @Override public void waitUntilReady(ReadinessTarget target) { }
      @Override public ReadinessCheck withTimeout(java.time.Duration timeout) { return this; }
      @Override public java.time.Duration timeout() { return java.time.Duration.ZERO; }
    };
  }
}
