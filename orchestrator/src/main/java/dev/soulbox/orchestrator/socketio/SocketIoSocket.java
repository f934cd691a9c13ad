package dev.soulbox.orchestrator.socketio;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One Socket.IO socket of the main namespace, as handlers see it: its id, who it authenticated as, the rooms it
 * joined, its event handlers. It outlives a dropped connection for the server's recovery window: events emitted
 * meanwhile are kept, numbered, and sent when the client comes back with the last number it saw (Socket.IO's
 * connection state recovery, which {@code socket.io-client} 4.6 and later does by itself).
 */
public final class SocketIoSocket {
  private static final int MAX_KEPT_EVENTS = 20_000;
  private static final long MAX_KEPT_CHARS = 16L << 20;

  private record Sent(long offset, String encoded) {}

  private final String id;
  private final String privateId;
  private final Object principal;
  private final SocketIoServer server;
  private final Map<String, EventHandler> handlers = new ConcurrentHashMap<>();
  private final List<Consumer<String>> disconnectListeners = new CopyOnWriteArrayList<>();
  private final Set<String> rooms = ConcurrentHashMap.newKeySet();
  private final ArrayDeque<Sent> kept = new ArrayDeque<>();
  private long keptChars;
  private EngineSession session;
  private boolean gone;

  SocketIoSocket(String id, String privateId, Object principal, SocketIoServer server, EngineSession session) {
    this.id = id;
    this.privateId = privateId;
    this.principal = principal;
    this.server = server;
    this.session = session;
  }

  public String id() {
    return id;
  }

  String privateId() {
    return privateId;
  }

  /** What the server's authenticator made of the client's {@code auth}. */
  public Object principal() {
    return principal;
  }

  public void on(String event, EventHandler handler) {
    handlers.put(event, handler);
  }

  /** Called once the socket is gone for good: the client left, or did not come back within the recovery window. */
  public void onDisconnect(Consumer<String> listener) {
    disconnectListeners.add(listener);
  }

  public void join(String room) {
    if (rooms.add(room)) {
      server.joined(this, room);
    }
  }

  public boolean inRoom(String room) {
    return rooms.contains(room);
  }

  /** Sends an event to this socket (kept for it while it is away). */
  public void emit(String event, JsonElement... args) {
    JsonArray data = new JsonArray();
    data.add(event);
    for (JsonElement arg : args) {
      data.add(arg);
    }
    deliver(data);
  }

  /** Ends the socket from the server's side: the client hears {@code io server disconnect} and does not reconnect. */
  public void disconnect() {
    EngineSession current;
    synchronized (this) {
      current = session;
    }
    if (current != null) {
      current.send(EnginePacket.message(SocketPacket.of(SocketPacket.Type.DISCONNECT, null).encode()));
    }
    server.gone(this, "server namespace disconnect");
  }

  synchronized boolean isConnected() {
    return session != null && !gone;
  }

  void deliver(JsonArray data) {
    synchronized (this) {
      if (gone) {
        return;
      }
      long offset = server.nextOffset();
      JsonArray numbered = data.deepCopy();
      numbered.add(Long.toString(offset));
      String encoded = SocketPacket.of(SocketPacket.Type.EVENT, numbered).encode();
      kept.add(new Sent(offset, encoded));
      keptChars += encoded.length();
      while (kept.size() > MAX_KEPT_EVENTS || keptChars > MAX_KEPT_CHARS) {
        keptChars -= kept.removeFirst().encoded().length();
      }
      if (session != null) {
        session.send(EnginePacket.message(encoded));
      }
    }
  }

  /** An acknowledgement: sent now when connected, never kept (the client drops acks of an earlier connection). */
  synchronized void deliverAck(String encoded) {
    if (session != null) {
      session.send(EnginePacket.message(encoded));
    }
  }

  void dispatch(String event, EventArgs args, EventHandler.Ack ack) {
    EventHandler handler = handlers.get(event);
    if (handler != null) {
      handler.handle(args, ack);
    }
  }

  /** The connection dropped: events wait for the client to come back. */
  synchronized void detach(EngineSession from) {
    if (session == from) {
      session = null;
    }
  }

  /** The client came back on {@code to}, having seen every event up to {@code lastOffset}: it gets the rest. */
  synchronized void reattach(EngineSession to, String lastOffset) {
    long seen;
    try {
      seen = lastOffset == null ? -1 : Long.parseLong(lastOffset);
    } catch (NumberFormatException e) {
      seen = -1;
    }
    session = to;
    to.send(EnginePacket.message(server.connectPacket(this).encode()));
    for (Sent sent : kept) {
      if (sent.offset() > seen) {
        to.send(EnginePacket.message(sent.encoded()));
      }
    }
  }

  synchronized boolean isAttachedTo(EngineSession candidate) {
    return session == candidate;
  }

  /** Marks the socket gone; true the first time. */
  boolean markGone() {
    synchronized (this) {
      if (gone) {
        return false;
      }
      gone = true;
      session = null;
      kept.clear();
    }
    return true;
  }

  Set<String> rooms() {
    return rooms;
  }

  void fireDisconnect(String reason) {
    disconnectListeners.forEach(l -> l.accept(reason));
  }
}
