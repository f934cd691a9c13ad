package dev.soulbox.orchestrator.proxy;

import dev.soulbox.orchestrator.lifecycle.SandboxDirectory;
import dev.soulbox.orchestrator.runtime.SandboxEndpoint;
import dev.soulbox.orchestrator.runtime.SandboxState;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A sandbox directory backed by a map, for tests that route to agents they started themselves. */
final class MapSandboxDirectory implements SandboxDirectory {
  private final Map<String, SandboxEndpoint> sandboxes = new ConcurrentHashMap<>();
  private final List<Consumer<String>> removedListeners = new CopyOnWriteArrayList<>();

  void put(String sandboxId, SandboxState state, InetSocketAddress agent) {
    sandboxes.put(sandboxId, new SandboxEndpoint(sandboxId, state, agent, null, "127.0.0.1"));
  }

  void remove(String sandboxId) {
    sandboxes.remove(sandboxId);
    removedListeners.forEach(l -> l.accept(sandboxId));
  }

  @Override
  public Optional<SandboxEndpoint> find(String sandboxId) {
    return Optional.ofNullable(sandboxes.get(sandboxId));
  }

  @Override
  public Optional<SandboxEndpoint> findByVncToken(String token) {
    return Optional.empty();
  }

  @Override
  public void onRemoved(Consumer<String> listener) {
    removedListeners.add(listener);
  }
}
