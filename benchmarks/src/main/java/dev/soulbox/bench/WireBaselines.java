package dev.soulbox.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What this machine carries without SoulBox in the way, measured in the same run as the figures
 * they are a baseline for: bytes over loopback TCP between two Java threads, and bytes through a
 * {@code cat} pipe between two processes.
 */
final class WireBaselines {
  private static final int CHUNK = 256 * 1024;

  private WireBaselines() {
  }

  /** MB/s of {@code bytes} written in 256 KiB chunks over a loopback TCP connection and read on the other end. */
  static double loopbackTcp(long bytes) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> {
        try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
          byte[] buffer = new byte[CHUNK];
          long total = 0;
          for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
          }
          return total;
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      long t0 = System.nanoTime();
      try (Socket s = new Socket(server.getInetAddress(), server.getLocalPort()); OutputStream out = s.getOutputStream()) {
        byte[] chunk = new byte[CHUNK];
        for (long sent = 0; sent < bytes; sent += CHUNK) {
          out.write(chunk);
        }
      }
      long got = read.get(5, TimeUnit.MINUTES);
      double secs = (System.nanoTime() - t0) / 1e9;
      if (got != bytes) {
        throw new IllegalStateException("loopback carried " + got + " of " + bytes);
      }
      return bytes / secs / 1e6;
    }
  }

  /** MB/s of {@code head -c BYTES /dev/zero | cat > /dev/null}. */
  static double catPipe(long bytes) throws Exception {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder("sh", "-c", "head -c " + bytes + " /dev/zero | cat > /dev/null").inheritIO().start();
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("the cat pipe failed");
    }
    return bytes / ((System.nanoTime() - t0) / 1e9) / 1e6;
  }

  /** {@code "405 MB/s (36% of loopback TCP)"}. */
  static String share(double mbPerSecond, double loopback) {
    return String.format("%.0f MB/s (%.0f%% of loopback TCP)", mbPerSecond, 100 * mbPerSecond / loopback);
  }
}
