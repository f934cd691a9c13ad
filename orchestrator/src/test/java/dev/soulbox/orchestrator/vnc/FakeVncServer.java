package dev.soulbox.orchestrator.vnc;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Just enough of an RFB 3.8 server for a real VNC client to connect: no authentication, a small desktop, and one
 * full-screen raw update for the first full update request. Records the client messages it sees.
 */
final class FakeVncServer implements AutoCloseable {
  static final int WIDTH = 64;
  static final int HEIGHT = 48;
  static final String NAME = "soulbox-fake-desktop";

  private final ServerSocket server;
  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  FakeVncServer() throws IOException {
    server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::accept, "fake-vnc");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.getLocalPort());
  }

  /** What the clients sent, in order: "version RFB 003.008", "ClientInit", "SetEncodings", ... */
  List<String> messages() {
    return messages;
  }

  private void accept() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        serve(new DataInputStream(socket.getInputStream()), new DataOutputStream(socket.getOutputStream()));
      } catch (IOException e) {
        // client gone or server closed
      }
    }
  }

  private void serve(DataInputStream in, DataOutputStream out) throws IOException {
    out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    messages.add("version " + new String(in.readNBytes(12), StandardCharsets.US_ASCII).trim());
    out.write(new byte[] {1, 1}); // one security type: None
    out.flush();
    in.readUnsignedByte();
    out.writeInt(0); // SecurityResult OK
    out.flush();
    in.readUnsignedByte();
    messages.add("ClientInit");
    out.writeShort(WIDTH);
    out.writeShort(HEIGHT);
    out.write(new byte[] {32, 24, 0, 1, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 16, 8, 0, 0, 0, 0});
    byte[] name = NAME.getBytes(StandardCharsets.US_ASCII);
    out.writeInt(name.length);
    out.write(name);
    out.flush();
    boolean sentScreen = false;
    while (true) {
      int type = in.readUnsignedByte();
      switch (type) {
        case 0 -> skip(in, 19, "SetPixelFormat");
        case 2 -> {
          in.readUnsignedByte();
          skip(in, 4 * in.readUnsignedShort(), "SetEncodings");
        }
        case 3 -> {
          boolean incremental = in.readUnsignedByte() != 0;
          skip(in, 8, "FramebufferUpdateRequest");
          if (!incremental && !sentScreen) {
            sendScreen(out);
            sentScreen = true;
          }
        }
        case 4 -> skip(in, 7, "KeyEvent");
        case 5 -> skip(in, 5, "PointerEvent");
        case 6 -> {
          in.readNBytes(3);
          skip(in, in.readInt(), "ClientCutText");
        }
        default -> {
          messages.add("unknown " + type);
          return;
        }
      }
    }
  }

  private void skip(DataInputStream in, int bytes, String message) throws IOException {
    in.readNBytes(bytes);
    messages.add(message);
  }

  private static void sendScreen(DataOutputStream out) throws IOException {
    out.write(new byte[] {0, 0});
    out.writeShort(1);
    out.writeShort(0);
    out.writeShort(0);
    out.writeShort(WIDTH);
    out.writeShort(HEIGHT);
    out.writeInt(0); // raw encoding
    byte[] pixels = new byte[WIDTH * HEIGHT * 4];
    for (int i = 0; i < pixels.length; i += 4) {
      pixels[i] = (byte) 0x30;
      pixels[i + 1] = (byte) 0x90;
      pixels[i + 2] = (byte) 0xe0;
    }
    out.write(pixels);
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
