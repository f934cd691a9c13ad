package dev.soulbox.orchestrator.proxy;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One channel per sandbox's agent, made on first use and shared by everything that calls agents: the
 * proxy's relayed calls and the readiness check of a new sandbox. A sandbox's channel goes when the
 * sandbox does; closing the cache shuts every channel down for good.
 */
public final class AgentChannels implements AutoCloseable {
  /** A fixed window per upstream stream: what the agent may send ahead of the proxy's requests. */
  static final int FLOW_CONTROL_WINDOW = 1 << 20;

  private record Entry(InetSocketAddress address, ManagedChannel channel) {}

  private final Map<String, Entry> bySandbox = new ConcurrentHashMap<>();
  private boolean closed;

  /** The channel to a sandbox's agent; empty once closed. A changed address (a resumed sandbox) gets a new channel. */
  Optional<ManagedChannel> forSandbox(String sandboxId, InetSocketAddress agent) {
    Entry entry = bySandbox.get(sandboxId);
    if (entry != null && entry.address().equals(agent)) {
      return Optional.of(entry.channel());
    }
    synchronized (this) {
      if (closed) {
        return Optional.empty();
      }
      Entry current = bySandbox.get(sandboxId);
      if (current != null && current.address().equals(agent)) {
        return Optional.of(current.channel());
      }
      if (current != null) {
        current.channel().shutdown();
      }
      Entry fresh = new Entry(agent, plaintext(agent));
      bySandbox.put(sandboxId, fresh);
      return Optional.of(fresh.channel());
    }
  }

  synchronized void evict(String sandboxId) {
    Entry entry = bySandbox.remove(sandboxId);
    if (entry != null) {
      entry.channel().shutdownNow();
    }
  }

  int size() {
    return bySandbox.size();
  }

  /** Shuts every channel down and waits a little for them to end; later calls get new ones. */
  void evictAll() {
    List<ManagedChannel> channels = new ArrayList<>();
    synchronized (this) {
      bySandbox.values().forEach(e -> channels.add(e.channel()));
      bySandbox.clear();
    }
    channels.forEach(ManagedChannel::shutdownNow);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    try {
      for (ManagedChannel channel : channels) {
        channel.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    evictAll();
  }

  private static ManagedChannel plaintext(InetSocketAddress agent) {
    return NettyChannelBuilder.forAddress(agent)
        .usePlaintext()
        .maxInboundMessageSize(AgentProxy.MAX_MESSAGE_BYTES)
        .flowControlWindow(FLOW_CONTROL_WINDOW)
        // retries would keep sent messages in memory until the call commits; the client retries end to end
        .disableRetry()
        .build();
  }
}
