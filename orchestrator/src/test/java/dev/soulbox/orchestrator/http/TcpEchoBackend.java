package dev.soulbox.orchestrator.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A VNC server stand-in: greets every connection with "RFB 003.008\n", as a VNC server speaks first, then echoes
 * what it receives.
 */
public final class TcpEchoBackend implements AutoCloseable {
  public static final String GREETING = "RFB 003.008\n";

  private final ServerSocket server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicInteger connections = new AtomicInteger();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  public TcpEchoBackend() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    executor.execute(this::accept);
  }

  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.getLocalPort());
  }

  public int connections() {
    return connections.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        open.add(socket);
        executor.execute(() -> echo(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Closes every connection, as a VNC server that stops does. */
  public void dropConnections() throws IOException {
    for (Socket socket : open) {
      socket.close();
    }
  }

  private void echo(Socket socket) {
    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
      out.write(GREETING.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] buf = new byte[16 * 1024];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the test closed its side
    } finally {
      open.remove(socket);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    executor.shutdownNow();
  }
}
