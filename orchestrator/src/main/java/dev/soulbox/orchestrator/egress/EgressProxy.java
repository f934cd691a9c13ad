package dev.soulbox.orchestrator.egress;

import dev.soulbox.orchestrator.http.Bridges;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.runtime.EgressPolicy;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the HTTP and TLS connections of sandboxes with domain rules arrive, redirected by the
 * host's firewall: it reads the name the connection is for (TLS's SNI, HTTP's {@code Host}), asks
 * the sandbox's policy, resolves the name itself and joins the connection to the name's server,
 * or closes it (HTTP gets a 403 that says why). It never connects to this host, its networks,
 * or link-local addresses, whatever a name resolves to.
 */
public final class EgressProxy implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EgressProxy.class);
  private static final Duration FIRST_BYTES_TIMEOUT = Duration.ofSeconds(30);

  /** The policy of the sandbox at an address on the sandboxes' network, if it is one. */
  public interface Policies {
    Optional<EgressPolicy> at(InetAddress sandboxAddress);
  }

  private final Bridges bridges = new Bridges(Duration.ofSeconds(10));
  private final Metrics.Counter connections;
  private final ForbiddenAddresses forbidden = new ForbiddenAddresses();
  private final ExecutorService resolver = Executors.newCachedThreadPool(new DefaultThreadFactory("egress-dns", true));
  private EventLoopGroup group;
  private Channel server;
  private InetAddress boundTo;
  private volatile Policies policies = address -> Optional.empty();

  public EgressProxy(Metrics metrics) {
    this.connections = metrics.counter("soulbox_egress_proxy_connections_total",
        "HTTP and TLS connections of sandboxes with domain rules, by verdict");
  }

  /**
   * Listens on {@code address} (the sandboxes' gateway) unless it already does; returns the port.
   * {@code policies} answers for the connections.
   */
  public synchronized int listen(InetAddress address, Policies policies) {
    this.policies = policies;
    if (server != null && address.equals(boundTo)) {
      return port();
    }
    stopServer();
    group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("soulbox-egress"), NioIoHandler.newFactory());
    try {
      server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childOption(ChannelOption.AUTO_READ, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast("timeout", new ReadTimeoutHandler(FIRST_BYTES_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                  .addLast("gate", new Gate());
            }
          })
          .bind(new InetSocketAddress(address, 0)).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the egress proxy", e);
    }
    boundTo = address;
    log.info("egress proxy listening on {}", server.localAddress());
    return port();
  }

  public synchronized int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Checks one connection: who it is from, then where it is for. */
  private final class Gate extends ChannelInboundHandlerAdapter {
    private EgressPolicy policy;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      InetAddress from = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
      Optional<EgressPolicy> found = policies.at(from);
      if (found.isEmpty()) {
        connections.inc("verdict=\"unknown_sandbox\"");
        ctx.close();
        return;
      }
      policy = found.get();
      ctx.pipeline().addBefore(ctx.name(), "first-request", new FirstRequest(this::decide));
      ctx.fireChannelActive();
    }

    private void decide(ChannelHandlerContext ctx, FirstRequest.Named named) {
      Channel client = ctx.channel();
      client.config().setAutoRead(false);
      if (named.host() == null) {
        refuse(client, named, "the connection names no host (no TLS server name or HTTP Host header)");
        return;
      }
      int port = named.tls() ? 443 : 80;
      resolver.execute(() -> {
        InetAddress target;
        try {
          target = pick(named.host());
        } catch (UnknownHostException e) {
          client.eventLoop().execute(() -> refuse(client, named, named.host() + " does not resolve"));
          return;
        }
        client.eventLoop().execute(() -> {
          if (target == null) {
            refuse(client, named, "the sandbox's network policy does not allow " + named.host());
            return;
          }
          connect(client, named, new InetSocketAddress(target, port));
        });
      });
    }

    /** The first address of {@code host} the policy allows and that is not this host's; null for none. */
    private InetAddress pick(String host) throws UnknownHostException {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!forbidden.contains(address) && EgressCheck.allows(policy, host, address)) {
          return address;
        }
      }
      return null;
    }

    private void connect(Channel client, FirstRequest.Named named, InetSocketAddress target) {
      bridges.connect(client, target).addListener((ChannelFuture connected) -> {
        if (!connected.isSuccess()) {
          refuse(client, named, named.host() + " (" + target + ") is not reachable");
          return;
        }
        connections.inc("verdict=\"allowed\"");
        client.pipeline().remove("timeout");
        client.pipeline().remove(this);
        bridges.splice(client, connected.channel(), "egress", named.bytes());
      });
    }

    private void refuse(Channel client, FirstRequest.Named named, String why) {
      connections.inc("verdict=\"refused\"");
      named.bytes().release();
      log.debug("egress from {} refused: {}", client.remoteAddress(), why);
      if (named.tls()) {
        client.close();
        return;
      }
      byte[] body = ("SoulBox egress: " + why + "\n").getBytes(StandardCharsets.UTF_8);
      String head = "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
          + body.length + "\r\nConnection: close\r\n\r\n";
      client.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body))
          .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("egress connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
    }
  }

  private void stopServer() {
    if (server != null) {
      server.close().syncUninterruptibly();
      server = null;
    }
    if (group != null) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      group = null;
    }
  }

  @Override
  public synchronized void close() {
    stopServer();
    resolver.shutdownNow();
  }
}
