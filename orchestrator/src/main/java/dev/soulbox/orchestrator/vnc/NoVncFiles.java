package dev.soulbox.orchestrator.vnc;

import dev.soulbox.orchestrator.http.HttpExchange;
import dev.soulbox.orchestrator.http.Responses;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The files under {@code /vnc/}, from the classpath: SoulBox's page ({@code static/vnc/}) first, then noVNC as the
 * build unpacked it ({@code static/novnc/}: {@code core/}, {@code vendor/}). Only known file types are served, so
 * directories and stray files never are. A file goes with its ETag; a matching {@code If-None-Match} gets 304.
 */
final class NoVncFiles {
  static final String PREFIX = "/vnc/";

  private static final List<String> ROOTS = List.of("static/vnc/", "static/novnc/");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "application/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "json", "application/json",
      "svg", "image/svg+xml",
      "png", "image/png",
      "ico", "image/x-icon",
      "txt", "text/plain; charset=utf-8",
      "wasm", "application/wasm");

  /** A file to serve; {@code etag} is quoted, ready for the header. */
  record Asset(byte[] bytes, String contentType, String etag) {}

  private final ClassLoader loader = NoVncFiles.class.getClassLoader();
  private final ConcurrentMap<String, Asset> cache = new ConcurrentHashMap<>();

  /** Answers a GET or HEAD under {@link #PREFIX}. */
  void serve(HttpExchange exchange) {
    String relativePath = exchange.path().substring(PREFIX.length());
    exchange.respond(find(relativePath).map(asset -> {
      if (asset.etag().equals(exchange.request().headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
        FullHttpResponse notModified = Responses.of(HttpResponseStatus.NOT_MODIFIED, asset.contentType(), new byte[0]);
        notModified.headers().set(HttpHeaderNames.ETAG, asset.etag());
        return notModified;
      }
      FullHttpResponse response = Responses.of(HttpResponseStatus.OK, asset.contentType(), asset.bytes());
      response.headers().set(HttpHeaderNames.ETAG, asset.etag()).set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
      return response;
    }).orElseGet(() -> Responses.text(HttpResponseStatus.NOT_FOUND, "no file " + PREFIX + relativePath)));
  }

  /** {@code relativePath} is the decoded path after {@code /vnc/}; empty means the page itself. */
  Optional<Asset> find(String relativePath) {
    String path = relativePath.isEmpty() ? "index.html" : relativePath;
    String type = TYPES.get(extension(path));
    if (type == null || !isPlain(path)) {
      return Optional.empty();
    }
    Asset cached = cache.get(path);
    if (cached != null) {
      return Optional.of(cached);
    }
    for (String root : ROOTS) {
      try (InputStream in = loader.getResourceAsStream(root + path)) {
        if (in != null) {
          byte[] bytes = in.readAllBytes();
          Asset asset = new Asset(bytes, type, "\"" + Integer.toHexString(Arrays.hashCode(bytes)) + "-"
              + bytes.length + "\"");
          cache.put(path, asset);
          return Optional.of(asset);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + root + path + " from the classpath", e);
      }
    }
    return Optional.empty();
  }

  private static boolean isPlain(String path) {
    if (path.startsWith("/") || path.contains("\\") || path.contains("\0")) {
      return false;
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static String extension(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 || dot < path.lastIndexOf('/') ? "" : path.substring(dot + 1);
  }
}
