package dev.soulbox.orchestrator.socketio;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.soulbox.orchestrator.http.Route;
import io.netty.handler.codec.http.HttpHeaders;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Socket.IO server (protocol 5 over Engine.IO 4, what {@code socket.io-client} 3.x and 4.x speak) at one path of
 * the web port, with the main namespace only. A client's CONNECT carries its {@code auth}, which the
 * {@link Authenticator} turns into a principal or refuses; the connection handler then gives the new socket its
 * event handlers. Sockets join rooms; events go to a socket or to everyone in a room.
 */
public final class SocketIoServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SocketIoServer.class);
  private static final Set<String> RECOVERABLE = Set.of("transport close", "transport error", "ping timeout");

  /** Decides who a connecting client is, from its {@code auth} object and the handshake's headers. */
  @FunctionalInterface
  public interface Authenticator {
    /** @throws Refusal when the client may not connect; the client sees the message in {@code connect_error} */
    Object authenticate(JsonObject auth, HttpHeaders handshake) throws Refusal;
  }

  /** Why a client may not connect; {@code code} goes to the client as {@code err.data.code}. */
  public static final class Refusal extends Exception {
    private final String code;

    public Refusal(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** What an Engine.IO session carries at the Socket.IO level. */
  private static final class Connection {
    final HttpHeaders handshake;
    SocketIoSocket socket;
    SocketPacket binaryEvent;
    final List<byte[]> attachments = new ArrayList<>();

    Connection(HttpHeaders handshake) {
      this.handshake = handshake;
    }
  }

  private final String path;
  private final Authenticator authenticator;
  private final Consumer<SocketIoSocket> onConnection;
  private final EngineOptions options;
  private final ScheduledExecutorService timer;
  private final EngineIoEndpoint endpoint;
  private final Map<String, SocketIoSocket> sockets = new ConcurrentHashMap<>();
  private final Map<String, SocketIoSocket> byPrivateId = new ConcurrentHashMap<>();
  private final Map<String, ScheduledFuture<?>> expiries = new ConcurrentHashMap<>();
  private final Map<String, Set<SocketIoSocket>> rooms = new ConcurrentHashMap<>();
  private final AtomicLong offsets = new AtomicLong();
  private final SecureRandom random = new SecureRandom();

  public SocketIoServer(String path, EngineOptions options, OriginPolicy origins, Authenticator authenticator,
                        Consumer<SocketIoSocket> onConnection) {
    this.path = path;
    this.options = options;
    this.authenticator = authenticator;
    this.onConnection = onConnection;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "socket-io-timer");
      t.setDaemon(true);
      return t;
    });
    this.endpoint = new EngineIoEndpoint(path, options, origins, timer, new EngineEvents());
  }

  /** The route of the web port that serves it: the path, with or without the trailing slash clients add. */
  public Route route(String name) {
    String slashed = path + "/";
    return new Route(name, Set.of(), p -> p.equals(path) || p.equals(slashed), endpoint::handle);
  }

  public Optional<SocketIoSocket> socket(String id) {
    return Optional.ofNullable(sockets.get(id));
  }

  /** The sockets in a room now, connected or away within the recovery window. */
  public Set<SocketIoSocket> inRoom(String room) {
    Set<SocketIoSocket> members = rooms.get(room);
    return members == null ? Set.of() : Set.copyOf(members);
  }

  /** Engine.IO sessions open now (one per connected client). */
  public int connections() {
    return endpoint.sessionCount();
  }

  long nextOffset() {
    return offsets.incrementAndGet();
  }

  void joined(SocketIoSocket socket, String room) {
    rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(socket);
  }

  SocketPacket connectPacket(SocketIoSocket socket) {
    JsonObject data = new JsonObject();
    data.addProperty("sid", socket.id());
    data.addProperty("pid", socket.privateId());
    return SocketPacket.of(SocketPacket.Type.CONNECT, data);
  }

  void gone(SocketIoSocket socket, String reason) {
    if (!socket.markGone()) {
      return;
    }
    sockets.remove(socket.id());
    byPrivateId.remove(socket.privateId());
    Optional.ofNullable(expiries.remove(socket.id())).ifPresent(f -> f.cancel(false));
    for (String room : socket.rooms()) {
      rooms.computeIfPresent(room, (r, members) -> {
        members.remove(socket);
        return members.isEmpty() ? null : members;
      });
    }
    try {
      socket.fireDisconnect(reason);
    } catch (RuntimeException e) {
      log.warn("socket {}: a disconnect listener failed", socket.id(), e);
    }
  }

  private final class EngineEvents implements EngineIoEndpoint.Listener {
    @Override
    public void opened(EngineSession session, HttpHeaders handshake) {
      session.attachment = new Connection(handshake);
    }

    @Override
    public void message(EngineSession session, EnginePacket packet) {
      Connection connection = (Connection) session.attachment;
      if (packet.isBinary()) {
        attachment(session, connection, packet.binary());
        return;
      }
      SocketPacket decoded;
      try {
        decoded = SocketPacket.decode(packet.text());
      } catch (IllegalArgumentException e) {
        log.debug("Engine.IO session {}: {}", session.id(), e.getMessage());
        session.close("parse error");
        return;
      }
      if (!decoded.namespace().equals(SocketPacket.MAIN_NAMESPACE)) {
        if (decoded.type() == SocketPacket.Type.CONNECT) {
          JsonObject error = new JsonObject();
          error.addProperty("message", "Invalid namespace: this server has the main namespace / only");
          session.send(EnginePacket.message(new SocketPacket(SocketPacket.Type.CONNECT_ERROR, decoded.namespace(), 0,
              -1, error).encode()));
        }
        return;
      }
      switch (decoded.type()) {
        case CONNECT -> connect(session, connection, decoded);
        case EVENT -> event(connection, decoded, List.of());
        case BINARY_EVENT -> {
          connection.binaryEvent = decoded;
          connection.attachments.clear();
          if (decoded.attachments() == 0) {
            event(connection, decoded, List.of());
          }
        }
        case DISCONNECT -> {
          if (connection.socket != null) {
            gone(connection.socket, "client namespace disconnect");
            connection.socket = null;
          }
        }
        default -> { }
      }
    }

    @Override
    public void closed(EngineSession session, String reason) {
      Connection connection = (Connection) session.attachment;
      SocketIoSocket socket = connection == null ? null : connection.socket;
      if (socket == null || !socket.isAttachedTo(session)) {
        return;
      }
      if (!RECOVERABLE.contains(reason)) {
        gone(socket, reason);
        return;
      }
      socket.detach(session);
      expiries.put(socket.id(), timer.schedule(() -> gone(socket, reason),
          options.recoveryWindow().toMillis(), TimeUnit.MILLISECONDS));
    }
  }

  private void attachment(EngineSession session, Connection connection, byte[] bytes) {
    SocketPacket pending = connection.binaryEvent;
    if (pending == null) {
      session.close("parse error");
      return;
    }
    connection.attachments.add(bytes);
    if (connection.attachments.size() == pending.attachments()) {
      connection.binaryEvent = null;
      event(connection, pending, List.copyOf(connection.attachments));
      connection.attachments.clear();
    }
  }

  private void connect(EngineSession session, Connection connection, SocketPacket packet) {
    if (connection.socket != null) {
      return;
    }
    JsonObject auth = packet.data() != null && packet.data().isJsonObject() ? packet.data().getAsJsonObject()
        : new JsonObject();
    Object principal;
    try {
      principal = authenticator.authenticate(auth, connection.handshake);
    } catch (Refusal refusal) {
      JsonObject error = new JsonObject();
      error.addProperty("message", refusal.getMessage());
      JsonObject data = new JsonObject();
      data.addProperty("code", refusal.code());
      error.add("data", data);
      session.send(EnginePacket.message(SocketPacket.of(SocketPacket.Type.CONNECT_ERROR, error).encode()));
      return;
    }
    SocketIoSocket returning = auth.has("pid") && auth.get("pid").isJsonPrimitive()
        ? byPrivateId.get(auth.get("pid").getAsString()) : null;
    if (returning != null && !returning.isConnected() && returning.principal().equals(principal)) {
      Optional.ofNullable(expiries.remove(returning.id())).ifPresent(f -> f.cancel(false));
      connection.socket = returning;
      String offset = auth.has("offset") && auth.get("offset").isJsonPrimitive() ? auth.get("offset").getAsString()
          : null;
      returning.reattach(session, offset);
      return;
    }
    SocketIoSocket socket = new SocketIoSocket(newId(), newId(), principal, this, session);
    sockets.put(socket.id(), socket);
    byPrivateId.put(socket.privateId(), socket);
    connection.socket = socket;
    onConnection.accept(socket);
    session.send(EnginePacket.message(connectPacket(socket).encode()));
  }

  private void event(Connection connection, SocketPacket packet, List<byte[]> attachments) {
    SocketIoSocket socket = connection.socket;
    if (socket == null || packet.data() == null || !packet.data().isJsonArray()) {
      return;
    }
    JsonArray data = packet.data().getAsJsonArray();
    if (data.isEmpty() || !data.get(0).isJsonPrimitive() || !data.get(0).getAsJsonPrimitive().isString()) {
      return;
    }
    String event = data.get(0).getAsString();
    JsonArray args = new JsonArray();
    for (int i = 1; i < data.size(); i++) {
      args.add(data.get(i));
    }
    EventHandler.Ack ack = packet.ackId() < 0 ? null : replies -> {
      JsonArray answer = new JsonArray();
      for (JsonElement reply : replies) {
        answer.add(reply);
      }
      if (socket.isConnected()) {
        connection.socket.deliverAck(new SocketPacket(SocketPacket.Type.ACK, SocketPacket.MAIN_NAMESPACE, 0,
            packet.ackId(), answer).encode());
      }
    };
    try {
      socket.dispatch(event, new EventArgs(args, attachments), ack);
    } catch (RuntimeException e) {
      log.warn("socket {}: the handler of {} failed", socket.id(), event, e);
    }
  }

  private String newId() {
    byte[] bytes = new byte[15];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public void close() {
    endpoint.closeAll();
    List.copyOf(sockets.values()).forEach(s -> gone(s, "server shutting down"));
    timer.shutdownNow();
  }
}
