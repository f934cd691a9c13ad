package dev.soulbox.orchestrator.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web port's transport (7080 by default, bound to 127.0.0.1 unless told otherwise): a Netty server that routes
 * each connection by the head of its first request, to the {@link ConnectionRoute} that addresses it, which takes
 * the connection whole, or else to the {@link Routes}, which answer request by request. It knows no route itself.
 * With TLS certificates in its options, each connection may also be TLS ({@link TlsDetector}), routed the same way.
 */
public final class HttpGateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpGateway.class);
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
  public static final int DEFAULT_PORT = 7080;
  static final String IDLE_TIMEOUT = "idle-timeout";

  private final InetSocketAddress bindAddress;
  private final HttpGatewayOptions options;
  private final Routes routes;
  private EventLoopGroup group;
  private Channel serverChannel;

  public HttpGateway(String bindAddress, int port, HttpGatewayOptions options, Routes routes) {
    this.bindAddress = new InetSocketAddress(bindAddress, port);
    this.options = options;
    this.routes = routes;
  }

  /** Binds the port; calling it again while started does nothing. */
  public synchronized HttpGateway start() throws IOException {
    if (group != null) {
      return this;
    }
    SslContext tls = options.tlsCertificates() == null ? null : TlsDetector.serverContext(options.tlsCertificates());
    group = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("soulbox-http"), NioIoHandler.newFactory());
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline()
                .addLast(IDLE_TIMEOUT, new ReadTimeoutHandler(options.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
            if (tls != null) {
              ch.pipeline().addLast(TlsDetector.NAME, new TlsDetector(tls));
            }
            ch.pipeline().addLast(new ConnectionRouter(routes));
          }
        });
    try {
      serverChannel = bootstrap.bind(bindAddress).sync().channel();
    } catch (Exception e) {
      close();
      throw new IOException("cannot listen on " + bindAddress + ": " + e.getMessage(), e);
    }
    log.info("HTTP gateway listening on {}{}", serverChannel.localAddress(), tls != null ? " (HTTP and HTTPS)" : "");
    return this;
  }

  /** The bound port, once started. */
  public int port() {
    if (serverChannel == null) {
      throw new IllegalStateException("the HTTP gateway has not been started");
    }
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  @Override
  public synchronized void close() {
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
      serverChannel = null;
    }
    if (group != null) {
      group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
      group = null;
    }
  }
}
