package dev.soulbox.agent.http;

import io.grpc.Metadata;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaders;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Which HTTP headers become call metadata, and which metadata become HTTP headers. */
final class Headers {
  private static final Set<String> TRANSPORT = Set.of(
      "host", "connection", "keep-alive", "content-length", "content-type", "content-encoding", "accept-encoding",
      "transfer-encoding", "te", "upgrade", "user-agent", "accept", "origin", "referer", "expect",
      "connect-protocol-version", "connect-timeout-ms", "connect-content-encoding", "connect-accept-encoding");

  private Headers() {}

  /** The request's headers as gRPC metadata, as envd's handlers see them: {@code X-Access-Token}, {@code Authorization}, ... */
  static Metadata toMetadata(HttpHeaders headers) {
    Metadata metadata = new Metadata();
    for (Map.Entry<String, String> header : headers) {
      String key = header.getKey().toLowerCase(Locale.ROOT);
      if (TRANSPORT.contains(key) || key.startsWith("grpc-") || key.startsWith("access-control-")
          || key.endsWith(Metadata.BINARY_HEADER_SUFFIX) || !validKey(key)) {
        continue;
      }
      metadata.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), header.getValue());
    }
    return metadata;
  }

  /** Whether a metadata key of a response goes to the HTTP client. */
  static boolean passesOut(String key) {
    return !key.startsWith("grpc-") && !key.endsWith(Metadata.BINARY_HEADER_SUFFIX) && !TRANSPORT.contains(key);
  }

  private static boolean validKey(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.')) {
        return false;
      }
    }
    return !key.isEmpty();
  }

  /** Copies metadata onto response headers, with {@code prefix} (Connect's {@code Trailer-} for unary trailers). */
  static void copy(Metadata from, HttpHeaders to, String prefix) {
    for (String key : from.keys()) {
      if (!passesOut(key)) {
        continue;
      }
      Iterable<String> values = from.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
      if (values != null) {
        for (String v : values) {
          to.add(prefix + key, v);
        }
      }
    }
  }
}
