package dev.soulbox.agent.http;

import dev.soulbox.agent.server.AgentConfig;
import dev.soulbox.agent.server.AgentServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A real agent on a TCP port of 127.0.0.1, and an HTTP/1.1 client for it. Close it in {@code @AfterEach}. */
final class HttpAgent implements AutoCloseable {
  static final String TOKEN = "test-token";

  final AgentServer server;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private HttpAgent(AgentConfig config) {
    try {
      server = AgentServer.onPort(new InetSocketAddress("127.0.0.1", 0), config).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static HttpAgent start() {
    return new HttpAgent(AgentConfig.defaults().withAccessToken(TOKEN));
  }

  static HttpAgent start(AgentConfig config) {
    return new HttpAgent(config);
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
  }

  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(uri(pathAndQuery)).header("X-Access-Token", TOKEN);
  }

  HttpResponse<String> unaryJson(String method, String json) {
    return send(request("/" + method).header("Content-Type", "application/json")
        .header("Connect-Protocol-Version", "1").POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  HttpResponse<byte[]> stream(String method, String json, String... headers) {
    HttpRequest.Builder b = request("/" + method).header("Content-Type", "application/connect+json")
        .header("Connect-Protocol-Version", "1");
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return sendBytes(b.POST(HttpRequest.BodyPublishers.ofByteArray(envelope(0, json.getBytes(StandardCharsets.UTF_8))))
        .build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<byte[]> sendBytes(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static byte[] envelope(int flags, byte[] message) {
    ByteBuffer b = ByteBuffer.allocate(5 + message.length);
    b.put((byte) flags).putInt(message.length).put(message);
    return b.array();
  }

  /** A Connect stream body, one envelope each: flags and the message as text. */
  record Envelope(int flags, String text) {}

  /** The envelopes of a body; a compressed one's text is its gzip bytes, unreadable. */
  static List<Envelope> envelopes(byte[] body) {
    List<Envelope> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(body);
    while (b.remaining() >= 5) {
      int flags = b.get() & 0xff;
      byte[] message = new byte[b.getInt()];
      b.get(message);
      out.add(new Envelope(flags, new String(message, StandardCharsets.UTF_8)));
    }
    if (b.hasRemaining()) {
      throw new IllegalStateException("trailing bytes after the last envelope");
    }
    return out;
  }

  static String text(List<Envelope> envelopes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    envelopes.forEach(e -> out.writeBytes((e.text() + "\n").getBytes(StandardCharsets.UTF_8)));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.close();
  }
}
