package dev.soulbox.sdk.internal;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one channel to the orchestrator, its I/O thread and the timer thread for reconnects, shared
 * by a client and the clients derived from it with {@code toBuilder()}. Counted: the last
 * {@link #release()} shuts them all down.
 *
 * <p>The channel gets an event loop of its own rather than gRPC's shared one, which lingers for a
 * second after the last channel closes: a JVM that exits while a thread still waits in
 * {@code epoll_wait} spends 300 ms waiting for it, which is most of a short CLI command's time.
 */
public final class ClientTransport {
  static final String VERSION = "0.1.0";
  private static final int MAX_INBOUND_BYTES = 16 << 20;

  private final Endpoint endpoint;
  private final ManagedChannel channel;
  private final EventLoopGroup eventLoop;
  private final ScheduledExecutorService scheduler;
  private final AtomicInteger users = new AtomicInteger(1);

  private ClientTransport(Endpoint endpoint, ManagedChannel channel, EventLoopGroup eventLoop) {
    this.endpoint = endpoint;
    this.channel = channel;
    this.eventLoop = eventLoop;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "soulbox-sdk-timer");
      t.setDaemon(true);
      return t;
    });
  }

  public static ClientTransport open(Endpoint endpoint) {
    ChannelCredentials credentials =
        endpoint.tls() ? TlsChannelCredentials.create() : InsecureChannelCredentials.create();
    EventLoopGroup eventLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("soulbox-sdk-io", true));
    ManagedChannel channel = NettyChannelBuilder.forAddress(endpoint.host(), endpoint.port(), credentials)
        .eventLoopGroup(eventLoop)
        .channelType(NioSocketChannel.class)
        .userAgent("soulbox-java-sdk/" + VERSION)
        .maxInboundMessageSize(MAX_INBOUND_BYTES)
        .build();
    return new ClientTransport(endpoint, channel, eventLoop);
  }

  /** One more user; fails once the transport is shut down. */
  public ClientTransport retain() {
    if (users.getAndUpdate(n -> n == 0 ? 0 : n + 1) == 0) {
      throw new IllegalStateException("the client is closed");
    }
    return this;
  }

  /** One user fewer; the last one shuts the channel, its I/O thread and the timer down. */
  public void release() {
    if (users.updateAndGet(n -> Math.max(0, n - 1)) == 0 && !channel.isShutdown()) {
      scheduler.shutdownNow();
      channel.shutdown();
      try {
        if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
          channel.shutdownNow();
        }
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        channel.shutdownNow();
        eventLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      }
    }
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  public ManagedChannel channel() {
    return channel;
  }

  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** Lets the next call connect at once instead of waiting out the channel's own backoff. */
  void reconnectNow() {
    channel.resetConnectBackoff();
  }

  /**
   * Gives up on the current connection, which a silent stream suggests is dead without TCP
   * knowing: calls on it carry on until they end or are cancelled, new calls get a new connection.
   */
  void abandonConnection() {
    channel.enterIdle();
  }
}
