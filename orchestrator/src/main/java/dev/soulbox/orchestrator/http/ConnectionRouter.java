package dev.soulbox.orchestrator.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of every connection: buffers bytes until the first request's head is complete, then either hands
 * the connection to the {@link ConnectionRoute} that addresses it (the buffered bytes included) or installs the
 * {@link Routes} and replays the bytes into them. A first request that the {@link RequestRouter} sends on has the
 * connection routed request by request.
 */
final class ConnectionRouter extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ConnectionRouter.class);

  private final Routes routes;
  private ByteBuf buffered;
  private boolean routed;

  ConnectionRouter(Routes routes) {
    this.routes = routes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    buffered = buffered == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), buffered, in);
    if (routed) {
      return;
    }
    try {
      RequestHead head = RequestHead.parse(buffered);
      if (head == null) {
        return;
      }
      routed = true;
      Optional<RequestRouter> router = routes.requestRouter();
      if (router.isPresent() && !head.isWebSocketUpgrade()
          && router.get().routesRequest(head.method(), head.target(), head::header)) {
        serve(ctx, pipeline -> routes.installRequestByRequest(pipeline, router.get()));
        return;
      }
      for (ConnectionRoute route : routes.connectionRoutes()) {
        if (route.addresses(head.method(), head.target(), head::header)) {
          route.open(ctx.channel(), head, () -> handOff(ctx));
          return;
        }
      }
      serve(ctx, routes::install);
    } catch (RequestRejectedException e) {
      routed = true;
      Responses.sendRawAndClose(ctx.channel(), e.status(), null, e.getMessage());
    }
  }

  private ByteBuf handOff(ChannelHandlerContext ctx) {
    ByteBuf bytes = buffered;
    buffered = null;
    ctx.pipeline().remove(this);
    return bytes;
  }

  private void serve(ChannelHandlerContext ctx, Consumer<ChannelPipeline> install) {
    install.accept(ctx.pipeline());
    ByteBuf bytes = handOff(ctx);
    // from here, not the pipeline's head: the bytes are already past TLS
    ctx.fireChannelRead(bytes);
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    // nothing to pass on: the bytes are still being held back
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    release();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("connection from {} closed before routing: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    release();
  }

  private void release() {
    if (buffered != null) {
      buffered.release();
      buffered = null;
    }
  }
}
