package dev.soulbox.agent.http;

import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpContent;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpRequest;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponseStatus;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpUtil;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpVersion;
import io.grpc.netty.shaded.io.netty.handler.codec.http.LastHttpContent;
import io.grpc.netty.shaded.io.netty.util.ReferenceCountUtil;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One HTTP/1.1 connection: each request in turn goes to the exchange its route makes. */
final class HttpConnection extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);

  private final Function<Reply, Exchange> routes;
  private Exchange receiving;
  private Exchange last;

  HttpConnection(Function<Reply, Exchange> routes) {
    this.routes = routes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest) {
        HttpRequest request = (HttpRequest) msg;
        Reply reply = new Reply(ctx, request);
        if (request.decoderResult().isFailure()) {
          reply.closeAfter();
          reply.json(HttpResponseStatus.BAD_REQUEST, Rest.error(400, "malformed HTTP request"));
          receiving = null;
          return;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
          ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        receiving = routes.apply(reply);
        last = receiving;
      }
      if (msg instanceof HttpContent && receiving != null) {
        receiving.content(((HttpContent) msg).content());
        if (msg instanceof LastHttpContent) {
          Exchange done = receiving;
          receiving = null;
          done.end();
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (last != null) {
      last.abort();
      last = null;
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("HTTP connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
