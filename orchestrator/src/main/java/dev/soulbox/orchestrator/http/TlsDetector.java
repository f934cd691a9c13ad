package dev.soulbox.orchestrator.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509KeyManager;

/**
 * Tells TLS from plain HTTP by a connection's first byte: a TLS connection opens with a handshake record (0x16), an
 * HTTP one with a method's first letter. A TLS connection gets an {@code SslHandler} in this handler's place, and then
 * the same handlers as plain HTTP; a plain one just loses this handler. The bytes read so far go on either way.
 */
final class TlsDetector extends ByteToMessageDecoder {
  static final String NAME = "tls-detector";
  static final String TLS = "tls";
  private static final byte HANDSHAKE_RECORD = 0x16;

  private final SslContext context;

  TlsDetector(SslContext context) {
    this.context = context;
  }

  /** The server side of TLS with these certificates, offering HTTP/1.1 (the only HTTP the gateway speaks) by ALPN. */
  static SslContext serverContext(X509KeyManager certificates) {
    try {
      return SslContextBuilder.forServer(certificates)
          .sslProvider(SslProvider.JDK)
          .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
              ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
              ApplicationProtocolNames.HTTP_1_1))
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (!in.isReadable()) {
      return;
    }
    if (in.getByte(in.readerIndex()) == HANDSHAKE_RECORD) {
      ctx.pipeline().replace(this, TLS, context.newHandler(ctx.alloc()));
    } else {
      ctx.pipeline().remove(this);
    }
  }
}
