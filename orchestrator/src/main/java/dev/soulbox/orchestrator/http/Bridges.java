package dev.soulbox.orchestrator.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * How a route joins a client's connection to a server in a sandbox: it opens the connection, then splices the two
 * byte for byte, counted under a kind of bridge in {@link HttpMetrics}.
 */
public final class Bridges {
  private final Duration connectTimeout;
  private final HttpMetrics metrics;

  public Bridges(Duration connectTimeout, HttpMetrics metrics) {
    this.connectTimeout = connectTimeout;
    this.metrics = metrics;
  }

  /** Bridges that count nothing, for a part that keeps metrics of its own (the egress proxy). */
  public Bridges(Duration connectTimeout) {
    this(connectTimeout, null);
  }

  /** Makes the series of a kind of bridge show, at zero, before its first bridge opens. */
  public void declare(String kind) {
    if (metrics != null) {
      metrics.declareBridges(kind);
    }
  }

  /**
   * A TCP connection from the client channel's event loop, not reading until the bridge is in place (a VNC server
   * speaks first, and must wait for the WebSocket handshake).
   */
  public ChannelFuture connect(Channel client, InetSocketAddress target) {
    return new Bootstrap()
        .group(client.eventLoop())
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.AUTO_READ, false)
        .handler(new ChannelInboundHandlerAdapter())
        .connect(target);
  }

  /**
   * Joins {@code client} and {@code backend} (from {@link #connect}) both ways; {@code pending} (may be null) is what
   * the client sent before, and goes first.
   */
  public void splice(Channel client, Channel backend, String kind, ByteBuf pending) {
    HttpMetrics.Bridge bridge = metrics != null ? metrics.bridgeOpened(kind)
        : new HttpMetrics.Bridge(new LongAdder(), new LongAdder(), new LongAdder());
    Relay.splice(client, backend, bridge, pending);
  }
}
