package dev.soulbox.orchestrator.http;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * A VNC server stand-in: RFB 3.8 with VNC authentication only (as SoulBox's desktops run it), then
 * it echoes what it receives. Its first {@code silentConnections} connections are closed before a
 * word, as Docker's published port does while the server inside is not up yet.
 */
public final class RfbEchoBackend implements AutoCloseable {
  private final ServerSocket server;
  private final String password;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger silent;
  private final AtomicInteger authenticated = new AtomicInteger();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  public RfbEchoBackend(String password, int silentConnections) throws IOException {
    this.password = password;
    this.silent = new AtomicInteger(silentConnections);
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    executor.execute(this::accept);
  }

  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.getLocalPort());
  }

  public int connections() {
    return connections.get();
  }

  /** Connections that answered the challenge with the password. */
  public int authenticated() {
    return authenticated.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        if (silent.getAndDecrement() > 0) {
          socket.close();
          continue;
        }
        open.add(socket);
        executor.execute(() -> serve(socket));
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

  private void serve(Socket socket) {
    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
      DataInputStream data = new DataInputStream(in);
      DataOutputStream reply = new DataOutputStream(out);
      reply.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
      byte[] version = new byte[12];
      data.readFully(version);
      reply.write(new byte[] {1, 2}); // one security type: VNC authentication
      if (data.readUnsignedByte() != 2) {
        return;
      }
      byte[] challenge = new byte[16];
      new SecureRandom().nextBytes(challenge);
      reply.write(challenge);
      byte[] response = new byte[16];
      data.readFully(response);
      if (!Arrays.equals(response, expected(challenge))) {
        byte[] reason = "authentication failed".getBytes(StandardCharsets.US_ASCII);
        reply.writeInt(1);
        reply.writeInt(reason.length);
        reply.write(reason);
        return;
      }
      authenticated.incrementAndGet();
      reply.writeInt(0);
      reply.flush();
      byte[] buf = new byte[16 * 1024];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the other side closed
    } finally {
      open.remove(socket);
    }
  }

  /** The challenge DES-encrypted with the password's bytes, each mirrored bit for bit (RFC 6143, 7.2.2). */
  private byte[] expected(byte[] challenge) {
    byte[] key = new byte[8];
    byte[] raw = password.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < Math.min(8, raw.length); i++) {
      int b = raw[i] & 0xff;
      int mirrored = 0;
      for (int bit = 0; bit < 8; bit++) {
        mirrored |= ((b >> bit) & 1) << (7 - bit);
      }
      key[i] = (byte) mirrored;
    }
    try {
      Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
      des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
      return des.doFinal(challenge);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    executor.shutdownNow();
  }
}
