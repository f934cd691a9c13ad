package dev.soulbox.orchestrator.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Opens the gateway's side of a bridge: a TCP connection from the client channel's event loop, not reading until
 * the bridge is in place (a VNC server speaks first, and must wait for the WebSocket handshake).
 */
final class BackendConnector {
  private final Duration timeout;

  BackendConnector(Duration timeout) {
    this.timeout = timeout;
  }

  ChannelFuture connect(Channel client, InetSocketAddress target) {
    return new Bootstrap()
        .group(client.eventLoop())
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.AUTO_READ, false)
        .handler(new ChannelInboundHandlerAdapter())
        .connect(target);
  }
}
