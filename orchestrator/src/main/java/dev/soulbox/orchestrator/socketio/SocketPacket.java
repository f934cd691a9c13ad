package dev.soulbox.orchestrator.socketio;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * One Socket.IO (protocol 5) packet, carried in an Engine.IO message: {@code <type>[<attachments>-][<nsp>,][<id>]<json>}.
 * A binary event or ack names how many binary messages follow it; their places in the data are placeholders.
 *
 * @param namespace {@code /} unless the packet names another
 * @param ackId the acknowledgement id, or -1 for none
 * @param data the JSON payload, or null when the packet has none
 */
record SocketPacket(Type type, String namespace, int attachments, long ackId, JsonElement data) {
  static final String MAIN_NAMESPACE = "/";

  enum Type {
    CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK;

    char code() {
      return (char) ('0' + ordinal());
    }
  }

  static SocketPacket of(Type type, JsonElement data) {
    return new SocketPacket(type, MAIN_NAMESPACE, 0, -1, data);
  }

  String encode() {
    StringBuilder out = new StringBuilder().append(type.code());
    if (attachments > 0) {
      out.append(attachments).append('-');
    }
    if (!namespace.equals(MAIN_NAMESPACE)) {
      out.append(namespace).append(',');
    }
    if (ackId >= 0) {
      out.append(ackId);
    }
    if (data != null) {
      out.append(data);
    }
    return out.toString();
  }

  /** @throws IllegalArgumentException for anything that is not a Socket.IO packet */
  static SocketPacket decode(String text) {
    if (text.isEmpty() || text.charAt(0) < '0' || text.charAt(0) > '6') {
      throw new IllegalArgumentException("not a Socket.IO packet");
    }
    Type type = Type.values()[text.charAt(0) - '0'];
    int i = 1;
    int attachments = 0;
    if (type == Type.BINARY_EVENT || type == Type.BINARY_ACK) {
      int dash = text.indexOf('-', i);
      if (dash < 0) {
        throw new IllegalArgumentException("a binary packet without its attachment count");
      }
      attachments = parseCount(text.substring(i, dash));
      i = dash + 1;
    }
    String namespace = MAIN_NAMESPACE;
    if (i < text.length() && text.charAt(i) == '/') {
      int comma = text.indexOf(',', i);
      namespace = text.substring(i, comma < 0 ? text.length() : comma);
      i = comma < 0 ? text.length() : comma + 1;
    }
    int idStart = i;
    while (i < text.length() && Character.isDigit(text.charAt(i)) && i - idStart < 15) {
      i++;
    }
    long ackId = i > idStart ? Long.parseLong(text.substring(idStart, i)) : -1;
    JsonElement data = null;
    if (i < text.length()) {
      try {
        data = JsonParser.parseString(text.substring(i));
      } catch (JsonParseException e) {
        throw new IllegalArgumentException("the packet's data is not JSON");
      }
    }
    return new SocketPacket(type, namespace, attachments, ackId, data);
  }

  private static int parseCount(String digits) {
    try {
      int count = Integer.parseInt(digits);
      if (count < 0 || count > 64) {
        throw new IllegalArgumentException("a binary packet with " + count + " attachments");
      }
      return count;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a binary packet with a malformed attachment count");
    }
  }
}
