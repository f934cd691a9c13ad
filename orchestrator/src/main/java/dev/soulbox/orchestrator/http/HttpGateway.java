package dev.soulbox.orchestrator.http;

import dev.soulbox.orchestrator.lifecycle.SandboxDirectory;
import dev.soulbox.orchestrator.metrics.Metrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's web port (7080 by default, bound to 127.0.0.1 unless told otherwise):
 * <ul>
 *   <li>{@code GET /healthz}: {@code ok}; {@code GET /metrics}: Prometheus text.</li>
 *   <li>Sandbox ports: a request whose host is {@code <port>-<sandbox id>.localhost[:7080]} (any domain after the
 *       first label), or that carries {@code E2b-Sandbox-Id} and {@code E2b-Sandbox-Port}, is joined byte for byte to
 *       that port of that sandbox, WebSocket upgrades included. The first request decides for the whole
 *       connection.</li>
 *   <li>VNC: {@code ws://<host>:7080/websockify?token=<token>} speaks websockify's binary protocol to the sandbox's
 *       VNC server; {@code http://<host>:7080/vnc/?token=<token>} is the bundled noVNC page pointed at it
 *       ({@link VncRoutes#links} builds both).</li>
 * </ul>
 * Traffic only ever goes to addresses the {@link SandboxDirectory} gives for a sandbox.
 */
public final class HttpGateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpGateway.class);
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
  public static final int DEFAULT_PORT = 7080;
  static final String IDLE_TIMEOUT = "idle-timeout";
  private static final int MAX_LOCAL_BODY_BYTES = 64 * 1024;

  private final InetSocketAddress bindAddress;
  private final HttpGatewayOptions options;
  private final PortBridge ports;
  private final LocalRoutes localRoutes;
  private EventLoopGroup group;
  private Channel serverChannel;

  public HttpGateway(String bindAddress, int port, SandboxDirectory directory, Metrics metrics,
                     HttpGatewayOptions options) {
    this.bindAddress = new InetSocketAddress(bindAddress, port);
    this.options = options;
    GatewayMetrics gatewayMetrics = new GatewayMetrics(metrics);
    BackendConnector connector = new BackendConnector(options.connectTimeout());
    this.ports = new PortBridge(directory, connector, gatewayMetrics);
    this.localRoutes = new LocalRoutes(metrics, gatewayMetrics, new StaticFiles(),
        new WebsockifyRoute(directory, connector, gatewayMetrics));
  }

  /** Binds the port; calling it again while started does nothing. */
  public synchronized HttpGateway start() throws IOException {
    if (group != null) {
      return this;
    }
    group = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("soulbox-http"), NioIoHandler.newFactory());
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline()
                .addLast(IDLE_TIMEOUT, new ReadTimeoutHandler(options.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .addLast(new ConnectionRouter(ports, HttpGateway.this::installLocal));
          }
        });
    try {
      serverChannel = bootstrap.bind(bindAddress).sync().channel();
    } catch (Exception e) {
      close();
      throw new IOException("cannot listen on " + bindAddress + ": " + e.getMessage(), e);
    }
    log.info("HTTP gateway listening on {}", serverChannel.localAddress());
    return this;
  }

  private void installLocal(ChannelPipeline pipeline) {
    pipeline.addLast("codec", new HttpServerCodec(4096, RequestHead.MAX_BYTES, 8192))
        .addLast("aggregator", new HttpObjectAggregator(MAX_LOCAL_BODY_BYTES))
        .addLast(LocalRoutes.NAME, localRoutes);
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
