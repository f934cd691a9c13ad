package dev.soulbox.orchestrator.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies what its channel reads to a peer channel, and stops reading while the peer cannot take more (the peer's
 * relay resumes it when the peer drains). Both channels share one event loop. When either side closes, the other is
 * flushed and closed.
 */
final class Relay extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(Relay.class);

  private final Channel peer;
  private final LongAdder bytes;

  private Relay(Channel peer, LongAdder bytes) {
    this.peer = peer;
    this.bytes = bytes;
  }

  /**
   * Joins {@code client} and {@code backend} both ways; {@code pending} (may be null) is what the client sent before,
   * and goes first. Reading resumes on both channels; a bridge has no idle timeout.
   */
  static void splice(Channel client, Channel backend, HttpMetrics.Bridge bridge, ByteBuf pending) {
    if (client.pipeline().get(HttpGateway.IDLE_TIMEOUT) != null) {
      client.pipeline().remove(HttpGateway.IDLE_TIMEOUT);
    }
    client.pipeline().addLast("relay", new Relay(backend, bridge.toSandbox()));
    backend.pipeline().addLast("relay", new Relay(client, bridge.fromSandbox()));
    client.closeFuture().addListener(f -> bridge.close());
    if (pending != null) {
      bridge.toSandbox().add(pending.readableBytes());
      backend.writeAndFlush(pending);
    }
    client.config().setAutoRead(true);
    backend.config().setAutoRead(true);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) {
      bytes.add(buf.readableBytes());
    }
    peer.write(msg).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    if (!peer.isWritable()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    peer.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      peer.config().setAutoRead(true);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (peer.isActive()) {
      peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("relay {} -> {} failed: {}", ctx.channel().remoteAddress(), peer.remoteAddress(), cause.toString());
    ctx.close();
  }
}
