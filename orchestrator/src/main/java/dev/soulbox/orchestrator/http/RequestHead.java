package dev.soulbox.orchestrator.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The request line and headers of the first HTTP/1.x request on a connection, read from the raw bytes without
 * consuming them, so the same bytes can go on to a sandbox unchanged. Header names are lower-cased; the first of
 * repeated headers wins.
 */
public record RequestHead(String method, String target, String version, Map<String, String> headers) {
  static final int MAX_BYTES = 16 * 1024;

  /** The head, or null while its end has not arrived yet. */
  static RequestHead parse(ByteBuf buf) {
    int length = headLength(buf);
    if (length < 0) {
      if (buf.readableBytes() > MAX_BYTES) {
        throw new RequestRejectedException(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
            "request head is larger than " + MAX_BYTES + " bytes");
      }
      return null;
    }
    String[] lines = buf.toString(buf.readerIndex(), length, StandardCharsets.ISO_8859_1).split("\r?\n");
    String[] requestLine = lines[0].split(" ", -1);
    if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.") || requestLine[0].isEmpty()) {
      throw new RequestRejectedException(HttpResponseStatus.BAD_REQUEST, "not an HTTP/1.x request line");
    }
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        throw new RequestRejectedException(HttpResponseStatus.BAD_REQUEST, "malformed header line");
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      headers.putIfAbsent(name, lines[i].substring(colon + 1).trim());
    }
    return new RequestHead(requestLine[0], requestLine[1], requestLine[2], Map.copyOf(headers));
  }

  public String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }

  public boolean isWebSocketUpgrade() {
    String upgrade = header("upgrade");
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }

  /** Bytes up to and including the blank line that ends the head, or -1; bare LF line ends are tolerated. */
  private static int headLength(ByteBuf buf) {
    int start = buf.readerIndex();
    int end = Math.min(buf.writerIndex(), start + MAX_BYTES + 4);
    for (int i = start; i < end; i++) {
      if (buf.getByte(i) != '\n') {
        continue;
      }
      if (i + 1 < end && buf.getByte(i + 1) == '\n') {
        return i + 2 - start;
      }
      if (i + 2 < end && buf.getByte(i + 1) == '\r' && buf.getByte(i + 2) == '\n') {
        return i + 3 - start;
      }
    }
    return -1;
  }
}
