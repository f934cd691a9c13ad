package dev.soulbox.orchestrator.http;

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
 * Web files under a path prefix, from classpath folders looked in one after the other (SoulBox's pages first, then
 * what the build unpacked from npm). Only known file types are served, so directories and stray files never are. A
 * file goes with its ETag; a matching {@code If-None-Match} gets 304.
 */
public final class ClasspathFiles {
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
  public record Asset(byte[] bytes, String contentType, String etag) {}

  private final ClassLoader loader = ClasspathFiles.class.getClassLoader();
  private final String prefix;
  private final List<String> roots;
  private final Map<String, String> headers;
  private final ConcurrentMap<String, Asset> cache = new ConcurrentHashMap<>();

  /**
   * @param prefix the path the files are under, ending in {@code /}
   * @param roots classpath folders, each ending in {@code /}
   * @param headers set on every file served (a Content-Security-Policy, say)
   */
  public ClasspathFiles(String prefix, List<String> roots, Map<String, String> headers) {
    this.prefix = prefix;
    this.roots = List.copyOf(roots);
    this.headers = Map.copyOf(headers);
  }

  public String prefix() {
    return prefix;
  }

  /** Answers a GET or HEAD under the prefix. */
  public void serve(HttpExchange exchange) {
    serve(exchange, exchange.path().substring(prefix.length()));
  }

  /** Answers a GET or HEAD with the file at {@code relativePath}; empty means {@code index.html}. */
  public void serve(HttpExchange exchange, String relativePath) {
    exchange.respond(find(relativePath).map(asset -> {
      if (asset.etag().equals(exchange.request().headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
        FullHttpResponse notModified = Responses.of(HttpResponseStatus.NOT_MODIFIED, asset.contentType(), new byte[0]);
        notModified.headers().set(HttpHeaderNames.ETAG, asset.etag());
        return notModified;
      }
      FullHttpResponse response = Responses.of(HttpResponseStatus.OK, asset.contentType(), asset.bytes());
      response.headers().set(HttpHeaderNames.ETAG, asset.etag()).set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
      headers.forEach(response.headers()::set);
      return response;
    }).orElseGet(() -> Responses.text(HttpResponseStatus.NOT_FOUND, "no file " + prefix + relativePath)));
  }

  /** {@code relativePath} is the decoded path after the prefix; empty means {@code index.html}. */
  public Optional<Asset> find(String relativePath) {
    String path = relativePath.isEmpty() ? "index.html" : relativePath;
    String type = TYPES.get(extension(path));
    if (type == null || !isPlain(path)) {
      return Optional.empty();
    }
    Asset cached = cache.get(path);
    if (cached != null) {
      return Optional.of(cached);
    }
    for (String root : roots) {
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
