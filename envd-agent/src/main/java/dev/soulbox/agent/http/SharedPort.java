package dev.soulbox.agent.http;

import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiationEvent;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.handler.codec.ByteToMessageDecoder;
import io.grpc.netty.shaded.io.netty.util.AsciiString;
import io.grpc.netty.shaded.io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One TCP port for gRPC and HTTP/1.1, told apart by each connection's first bytes: the HTTP/2
 * client preface goes to the gRPC server exactly as its plaintext negotiator would take it; any
 * other start is handed to the HTTP face, which installs its own pipeline.
 */
public final class SharedPort implements InternalProtocolNegotiator.ProtocolNegotiator {
  private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** A connection that says nothing for this long is closed, as gRPC's own handshake timeout would. */
  private static final long FIRST_BYTES_SECONDS = 120;
  private static final Class<?> NEGOTIATION_EVENT = InternalProtocolNegotiationEvent.getDefault().getClass();

  private final InternalProtocolNegotiator.ProtocolNegotiator grpc = InternalProtocolNegotiators.serverPlaintext();
  private volatile Consumer<ChannelHandlerContext> http = ctx -> ctx.close();

  /** Credentials for a Netty server builder that make its port a shared one. */
  public ServerCredentials credentials() {
    return InternalNettyServerCredentials.create(this);
  }

  /** What takes a connection that is not gRPC: it installs its handlers after the given context. */
  public void serveHttp(Consumer<ChannelHandlerContext> installer) {
    this.http = installer;
  }

  @Override
  public AsciiString scheme() {
    return grpc.scheme();
  }

  @Override
  public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
    return new Sniffer(grpcHandler);
  }

  @Override
  public void close() {
    grpc.close();
  }

  /** Holds the connection until its first bytes say which protocol it speaks. */
  private final class Sniffer extends ByteToMessageDecoder {
    private final GrpcHttp2ConnectionHandler grpcHandler;
    private Object negotiationEvent;
    private ScheduledFuture<?> silence;

    Sniffer(GrpcHttp2ConnectionHandler grpcHandler) {
      this.grpcHandler = grpcHandler;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      silence = ctx.executor().schedule(() -> ctx.close(), FIRST_BYTES_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
      if (silence != null) {
        silence.cancel(false);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      // the gRPC transport starts negotiation with this event; it is passed on once the protocol is known
      if (negotiationEvent == null && NEGOTIATION_EVENT.isInstance(event)) {
        negotiationEvent = event;
        return;
      }
      super.userEventTriggered(ctx, event);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      int n = Math.min(in.readableBytes(), PREFACE.length);
      for (int i = 0; i < n; i++) {
        if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
          toHttp(ctx);
          return;
        }
      }
      if (n == PREFACE.length) {
        toGrpc(ctx);
      }
    }

    private void toGrpc(ChannelHandlerContext ctx) {
      ChannelHandler plaintext = grpc.newHandler(grpcHandler);
      ctx.pipeline().addAfter(ctx.name(), null, plaintext);
      if (negotiationEvent != null) {
        ctx.fireUserEventTriggered(negotiationEvent);
      }
      ctx.pipeline().remove(this);
    }

    private void toHttp(ChannelHandlerContext ctx) {
      http.accept(ctx);
      ctx.pipeline().remove(this);
    }
  }
}
