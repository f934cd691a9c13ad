package dev.soulbox.orchestrator.http;

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

/** A directory the test fills in: sandboxes by id, VNC tokens to sandbox ids. */
public final class MapSandboxDirectory implements SandboxDirectory {
  private final Map<String, SandboxEndpoint> byId = new ConcurrentHashMap<>();
  private final Map<String, String> idByToken = new ConcurrentHashMap<>();
  private final List<Consumer<String>> removedListeners = new CopyOnWriteArrayList<>();

  /** A running sandbox whose ports are on 127.0.0.1 (where the test's backends listen). */
  public SandboxEndpoint add(String sandboxId, SandboxState state, InetSocketAddress vnc) {
    SandboxEndpoint endpoint = new SandboxEndpoint(sandboxId, state, new InetSocketAddress("127.0.0.1", 49983), vnc,
        "127.0.0.1");
    byId.put(sandboxId, endpoint);
    return endpoint;
  }

  public void addVncToken(String token, String sandboxId) {
    idByToken.put(token, sandboxId);
  }

  public void remove(String sandboxId) {
    byId.remove(sandboxId);
    idByToken.values().removeIf(sandboxId::equals);
    removedListeners.forEach(listener -> listener.accept(sandboxId));
  }

  @Override
  public Optional<SandboxEndpoint> find(String sandboxId) {
    return Optional.ofNullable(byId.get(sandboxId));
  }

  @Override
  public Optional<SandboxEndpoint> findByVncToken(String token) {
    return Optional.ofNullable(idByToken.get(token)).map(byId::get);
  }

  @Override
  public void onRemoved(Consumer<String> listener) {
    removedListeners.add(listener);
  }
}
