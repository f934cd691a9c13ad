package dev.soulbox.orchestrator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A web server standing in for one listening inside a sandbox: the JDK's own, on 127.0.0.1. */
final class HttpBackend implements AutoCloseable {
  static final int MIB = 1024 * 1024;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  /** Counted down once /upload has read its first MiB. */
  final CountDownLatch uploadStarted = new CountDownLatch(1);

  HttpBackend() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hello", this::hello);
    server.createContext("/upload", this::upload);
    server.createContext("/download", this::download);
    server.setExecutor(executor);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Says which path, Host and client port (one per upstream connection) it saw. */
  private void hello(HttpExchange exchange) throws IOException {
    String body = "hello path=" + exchange.getRequestURI().getPath() + " host=" + exchange.getRequestHeaders().getFirst("Host")
        + " conn=" + exchange.getRemoteAddress().getPort();
    respond(exchange, 200, body);
  }

  /** Reads the body as it streams in, answering with its length and SHA-256. */
  private void upload(HttpExchange exchange) throws IOException {
    MessageDigest sha = sha256();
    long total = 0;
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = exchange.getRequestBody()) {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        sha.update(buf, 0, n);
        total += n;
        if (total >= MIB) {
          uploadStarted.countDown();
        }
      }
    }
    respond(exchange, 200, "bytes=" + total + " sha256=" + HexFormat.of().formatHex(sha.digest()));
  }

  /** A chunked response of {@code ?bytes=N} bytes of {@link #pattern}. */
  private void download(HttpExchange exchange) throws IOException {
    long size = Long.parseLong(exchange.getRequestURI().getQuery().replace("bytes=", ""));
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      byte[] chunk = pattern(64 * 1024);
      for (long sent = 0; sent < size; sent += chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, size - sent));
      }
    }
  }

  static byte[] pattern(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    return bytes;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
