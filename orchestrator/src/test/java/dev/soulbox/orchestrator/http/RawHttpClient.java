package dev.soulbox.orchestrator.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for what java.net.http will not do: set Host freely, and prove two requests share
 * one connection.
 */
public final class RawHttpClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public record Response(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  public RawHttpClient(int port) throws IOException {
    this(new Socket("127.0.0.1", port));
  }

  /** Over a socket already connected (a TLS one, say). */
  public RawHttpClient(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(20_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  public Response get(String host, String path) throws IOException {
    return send("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
  }

  /** For reading what follows a response, such as WebSocket frames after a 101. */
  public InputStream input() {
    return in;
  }

  /** For writing a request piece by piece; then {@link #read()} the response. */
  public OutputStream output() {
    return out;
  }

  /** Writes {@code request} as is and reads one response. */
  public Response send(String request) throws IOException {
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return read();
  }

  public Response read() throws IOException {
    String statusLine = line();
    Map<String, String> headers = new TreeMap<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
        body.write(in.readNBytes(size));
        line();
      }
      line();
    } else if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    } else if (status >= 200 && status != 204 && status != 304) {
      body.write(in.readAllBytes());
    }
    return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
  }

  /** True once the server has closed the connection. */
  public boolean closedByServer() throws IOException {
    return in.read() < 0;
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed mid-response");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
