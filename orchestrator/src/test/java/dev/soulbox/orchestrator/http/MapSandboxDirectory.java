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
import java.util.function.Predicate;

/** A directory the test fills in: sandboxes by id, VNC tokens and access tokens to sandbox ids. */
public final class MapSandboxDirectory implements SandboxDirectory {
  private final Map<String, SandboxEndpoint> byId = new ConcurrentHashMap<>();
  private final Map<String, String> idByToken = new ConcurrentHashMap<>();
  private final Map<String, String> idByAccessToken = new ConcurrentHashMap<>();
  private final List<Consumer<String>> removedListeners = new CopyOnWriteArrayList<>();

  /** A running sandbox whose ports are on 127.0.0.1 (where the test's backends listen). */
  public SandboxEndpoint add(String sandboxId, SandboxState state, InetSocketAddress vnc) {
    SandboxEndpoint endpoint = new SandboxEndpoint(sandboxId, state, new InetSocketAddress("127.0.0.1", 49983), vnc,
        "127.0.0.1");
    byId.put(sandboxId, endpoint);
    return endpoint;
  }

  /** A sandbox whose agent is at {@code agent} (one the test started itself). */
  public SandboxEndpoint put(String sandboxId, SandboxState state, InetSocketAddress agent) {
    SandboxEndpoint endpoint = new SandboxEndpoint(sandboxId, state, agent, null, "127.0.0.1");
    byId.put(sandboxId, endpoint);
    return endpoint;
  }

  public void addVncToken(String token, String sandboxId) {
    idByToken.put(token, sandboxId);
  }

  public void addAccessToken(String token, String sandboxId) {
    idByAccessToken.put(token, sandboxId);
  }

  public void remove(String sandboxId) {
    byId.remove(sandboxId);
    idByToken.values().removeIf(sandboxId::equals);
    idByAccessToken.values().removeIf(sandboxId::equals);
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
  public Optional<SandboxEndpoint> findRunningByAccessToken(Predicate<String> matches) {
    return idByAccessToken.entrySet().stream().filter(e -> matches.test(e.getKey())).map(e -> byId.get(e.getValue()))
        .filter(s -> s != null && s.state() == SandboxState.RUNNING).findFirst();
  }

  @Override
  public void onRemoved(Consumer<String> listener) {
    removedListeners.add(listener);
  }
}
