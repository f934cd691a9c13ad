package dev.soulbox.orchestrator.socketio;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One Engine.IO (protocol 4) packet: a type and either text or bytes. On a WebSocket a packet is a frame (text:
 * the type digit then the data; binary: the bytes of a message); in a polling payload packets are joined by the
 * record separator, a binary one written {@code b<base64>}.
 */
record EnginePacket(Type type, String text, byte[] binary) {
  static final char SEPARATOR = '\u001e';

  enum Type {
    OPEN('0'), CLOSE('1'), PING('2'), PONG('3'), MESSAGE('4'), UPGRADE('5'), NOOP('6');

    final char code;

    Type(char code) {
      this.code = code;
    }

    static Type of(char code) {
      for (Type type : values()) {
        if (type.code == code) {
          return type;
        }
      }
      throw new IllegalArgumentException("unknown Engine.IO packet type '" + code + "'");
    }
  }

  static EnginePacket of(Type type) {
    return new EnginePacket(type, "", null);
  }

  static EnginePacket of(Type type, String text) {
    return new EnginePacket(type, text, null);
  }

  static EnginePacket message(String text) {
    return new EnginePacket(Type.MESSAGE, text, null);
  }

  static EnginePacket binaryMessage(byte[] bytes) {
    return new EnginePacket(Type.MESSAGE, null, bytes);
  }

  boolean isBinary() {
    return binary != null;
  }

  /** The packet as a WebSocket text frame's content; binary packets go as binary frames instead. */
  String frameText() {
    return type.code + text;
  }

  static EnginePacket fromFrame(String frame) {
    if (frame.isEmpty()) {
      throw new IllegalArgumentException("empty Engine.IO packet");
    }
    return new EnginePacket(Type.of(frame.charAt(0)), frame.substring(1), null);
  }

  /** Splits a polling request body into its packets. */
  static List<EnginePacket> decodePayload(String payload) {
    List<EnginePacket> packets = new ArrayList<>();
    int start = 0;
    while (start <= payload.length()) {
      int end = payload.indexOf(SEPARATOR, start);
      String part = payload.substring(start, end < 0 ? payload.length() : end);
      if (part.startsWith("b")) {
        packets.add(binaryMessage(Base64.getDecoder().decode(part.substring(1))));
      } else {
        packets.add(fromFrame(part));
      }
      if (end < 0) {
        break;
      }
      start = end + 1;
    }
    return packets;
  }

  /** Joins packets into a polling response body. */
  static byte[] encodePayload(List<EnginePacket> packets) {
    StringBuilder out = new StringBuilder();
    for (EnginePacket packet : packets) {
      if (!out.isEmpty()) {
        out.append(SEPARATOR);
      }
      out.append(packet.isBinary() ? "b" + Base64.getEncoder().encodeToString(packet.binary()) : packet.frameText());
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
