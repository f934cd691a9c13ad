package dev.soulbox.orchestrator.egress;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Reads the start of a redirected connection until it names where it goes: a TLS ClientHello's
 * server name (SNI), or an HTTP request's {@code Host}. Nothing is consumed: the bytes read go on
 * to the real server once the connection is allowed.
 */
final class FirstRequest extends ByteToMessageDecoder {
  static final int MAX_BYTES = 16 * 1024;
  private static final int TLS_HANDSHAKE = 0x16;

  /** What the connection named; {@code host} null when it names nothing readable. */
  record Named(String host, boolean tls, ByteBuf bytes) {}

  interface Listener {
    void named(ChannelHandlerContext ctx, Named named);
  }

  private final Listener listener;

  FirstRequest(Listener listener) {
    this.listener = listener;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (!in.isReadable()) {
      return;
    }
    boolean tls = in.getUnsignedByte(in.readerIndex()) == TLS_HANDSHAKE;
    String host;
    if (tls) {
      if (in.readableBytes() < 5) {
        return;
      }
      int record = in.getUnsignedShort(in.readerIndex() + 3);
      if (in.readableBytes() < 5 + record && in.readableBytes() < MAX_BYTES) {
        return;
      }
      host = serverName(in, in.readerIndex() + 5, Math.min(record, in.readableBytes() - 5));
    } else {
      int end = headEnd(in);
      if (end < 0 && in.readableBytes() < MAX_BYTES) {
        return;
      }
      host = end < 0 ? null : hostHeader(in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.ISO_8859_1));
    }
    ByteBuf bytes = in.readRetainedSlice(in.readableBytes());
    ctx.pipeline().remove(this);
    listener.named(ctx, new Named(host, tls, bytes));
  }

  private static int headEnd(ByteBuf in) {
    for (int i = in.readerIndex(); i + 3 < in.writerIndex(); i++) {
      if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The {@code Host} header's name, without its port; null when there is none. */
  static String hostHeader(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("host")) {
        String value = line.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("[")) {
          int close = value.indexOf(']');
          return close > 0 ? value.substring(1, close) : null;
        }
        int port = value.lastIndexOf(':');
        return port > 0 ? value.substring(0, port) : value;
      }
    }
    return null;
  }

  /** The server_name of the ClientHello in {@code length} bytes at {@code at}; null when there is none. */
  static String serverName(ByteBuf in, int at, int length) {
    int end = at + length;
    int p = at;
    if (length < 4 || in.getUnsignedByte(p) != 1) { // ClientHello
      return null;
    }
    p += 4 + 2 + 32; // handshake header, client_version, random
    if (p + 1 > end) {
      return null;
    }
    p += 1 + in.getUnsignedByte(p); // session_id
    if (p + 2 > end) {
      return null;
    }
    p += 2 + in.getUnsignedShort(p); // cipher_suites
    if (p + 1 > end) {
      return null;
    }
    p += 1 + in.getUnsignedByte(p); // compression_methods
    if (p + 2 > end) {
      return null;
    }
    int extensionsEnd = Math.min(end, p + 2 + in.getUnsignedShort(p));
    p += 2;
    while (p + 4 <= extensionsEnd) {
      int type = in.getUnsignedShort(p);
      int size = in.getUnsignedShort(p + 2);
      p += 4;
      if (type == 0 && p + 5 <= extensionsEnd && in.getUnsignedByte(p + 2) == 0) { // server_name, host_name
        int nameLength = in.getUnsignedShort(p + 3);
        if (p + 5 + nameLength <= extensionsEnd) {
          return in.toString(p + 5, nameLength, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
        }
        return null;
      }
      p += size;
    }
    return null;
  }
}
