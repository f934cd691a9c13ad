package dev.soulbox.orchestrator.socketio;

import dev.soulbox.orchestrator.http.HttpExchange;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * One Engine.IO connection: it starts on HTTP long-polling or a WebSocket, may move from polling to a WebSocket
 * (the probe, then the upgrade packet), and keeps itself alive with pings the client must answer. Packets sent while
 * no transport can take them wait in order. Every method may be called from any thread.
 */
final class EngineSession {
  private final String id;
  private final EngineIoEndpoint endpoint;
  private final ArrayDeque<EnginePacket> outbox = new ArrayDeque<>();
  private HttpExchange heldPoll;
  private Channel webSocket;
  private Channel probe;
  private boolean closed;
  private long pingSentAt;
  private long pongAt;
  private ScheduledFuture<?> heartbeat;
  /** Set by the Socket.IO layer: what it keeps per connection. */
  volatile Object attachment;

  EngineSession(String id, EngineIoEndpoint endpoint) {
    this.id = id;
    this.endpoint = endpoint;
  }

  String id() {
    return id;
  }

  synchronized void startHeartbeat(ScheduledFuture<?> task) {
    heartbeat = task;
    pongAt = System.nanoTime();
  }

  /** Called every ping interval: a ping unanswered since the last one ends the session. */
  void heartbeat() {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (pingSentAt > pongAt && System.nanoTime() - pingSentAt >= endpoint.options().pingTimeout().toNanos()) {
        closed = true;
      }
    }
    if (isClosed()) {
      finish("ping timeout", false);
    } else {
      send(EnginePacket.of(EnginePacket.Type.PING));
      synchronized (this) {
        pingSentAt = System.nanoTime();
      }
    }
  }

  synchronized boolean isClosed() {
    return closed;
  }

  synchronized boolean isOnWebSocket() {
    return webSocket != null;
  }

  void send(EnginePacket packet) {
    send(List.of(packet));
  }

  synchronized void send(List<EnginePacket> packets) {
    if (closed) {
      return;
    }
    if (webSocket != null) {
      packets.forEach(p -> webSocket.write(frameOf(p)));
      webSocket.flush();
      return;
    }
    outbox.addAll(packets);
    if (heldPoll != null) {
      answerHeld(heldPoll, drain());
      heldPoll = null;
    }
  }

  /** A polling GET: answered now with what waits, or held until something does (at the latest, the next ping). */
  void poll(HttpExchange exchange) {
    boolean conflict;
    synchronized (this) {
      if (closed) {
        answerPoll(exchange, List.of(EnginePacket.of(EnginePacket.Type.CLOSE)));
        return;
      }
      if (webSocket != null) {
        endpoint.refuse(exchange, EngineIoEndpoint.BAD_REQUEST, "this session has moved to its WebSocket");
        return;
      }
      conflict = heldPoll != null;
      if (!conflict) {
        if (!outbox.isEmpty() || probe != null) {
          List<EnginePacket> waiting = drain();
          answerPoll(exchange, waiting.isEmpty() ? List.of(EnginePacket.of(EnginePacket.Type.NOOP)) : waiting);
        } else {
          exchange.request().retain();
          heldPoll = exchange;
        }
        return;
      }
    }
    endpoint.refuse(exchange, EngineIoEndpoint.BAD_REQUEST, "a second polling request while one is open");
    finish("transport error", true);
  }

  /** The packets of a polling POST. */
  void received(List<EnginePacket> packets) {
    for (EnginePacket packet : packets) {
      received(packet, null);
    }
  }

  /** One packet from the client, from polling ({@code from} null) or from a WebSocket. */
  void received(EnginePacket packet, Channel from) {
    if (from != null && from == probeChannel()) {
      probePacket(packet, from);
      return;
    }
    switch (packet.type()) {
      case PONG -> {
        synchronized (this) {
          pongAt = System.nanoTime();
        }
      }
      case MESSAGE -> endpoint.listener().message(this, packet);
      case CLOSE -> finish("transport close", false);
      case PING -> send(EnginePacket.of(EnginePacket.Type.PONG, packet.text()));
      default -> { }
    }
  }

  private synchronized Channel probeChannel() {
    return probe;
  }

  /** A WebSocket that offers to carry this polling session: it answers the probe, then takes over on upgrade. */
  synchronized boolean offerProbe(Channel channel) {
    if (closed || webSocket != null || probe != null) {
      return false;
    }
    probe = channel;
    return true;
  }

  private void probePacket(EnginePacket packet, Channel from) {
    if (packet.type() == EnginePacket.Type.PING && packet.text().equals("probe")) {
      from.writeAndFlush(frameOf(EnginePacket.of(EnginePacket.Type.PONG, "probe")));
      synchronized (this) {
        // the client pauses polling before it upgrades: release the poll it waits on
        if (heldPoll != null) {
          List<EnginePacket> waiting = drain();
          answerHeld(heldPoll, waiting.isEmpty() ? List.of(EnginePacket.of(EnginePacket.Type.NOOP)) : waiting);
          heldPoll = null;
        }
      }
    } else if (packet.type() == EnginePacket.Type.UPGRADE) {
      synchronized (this) {
        if (closed) {
          return;
        }
        webSocket = from;
        probe = null;
        if (heldPoll != null) {
          answerHeld(heldPoll, List.of(EnginePacket.of(EnginePacket.Type.NOOP)));
          heldPoll = null;
        }
        List<EnginePacket> waiting = drain();
        waiting.forEach(p -> webSocket.write(frameOf(p)));
        webSocket.flush();
      }
    } else {
      from.close();
    }
  }

  /** A WebSocket from the first request on: it carries the session from the open packet on. */
  synchronized void useWebSocket(Channel channel) {
    webSocket = channel;
  }

  /** A WebSocket went away: the session ends if it was the session's transport. */
  void webSocketClosed(Channel channel) {
    boolean wasTransport;
    synchronized (this) {
      if (channel == probe) {
        probe = null;
        return;
      }
      wasTransport = channel == webSocket;
    }
    if (wasTransport) {
      finish("transport close", false);
    }
  }

  /** Ends the session from the server's side: a close packet, then the transport goes. */
  void close(String reason) {
    send(EnginePacket.of(EnginePacket.Type.CLOSE));
    finish(reason, true);
  }

  private void finish(String reason, boolean closeTransport) {
    Channel socket;
    synchronized (this) {
      if (closed && heartbeat == null) {
        return;
      }
      closed = true;
      if (heartbeat != null) {
        heartbeat.cancel(false);
        heartbeat = null;
      }
      if (heldPoll != null) {
        answerHeld(heldPoll, List.of(EnginePacket.of(EnginePacket.Type.CLOSE)));
        heldPoll = null;
      }
      socket = webSocket;
      if (probe != null) {
        probe.close();
        probe = null;
      }
    }
    if (socket != null && closeTransport && socket.isActive()) {
      socket.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
    }
    endpoint.ended(this, reason);
  }

  private List<EnginePacket> drain() {
    List<EnginePacket> packets = new ArrayList<>(outbox);
    outbox.clear();
    return packets;
  }

  private void answerPoll(HttpExchange exchange, List<EnginePacket> packets) {
    endpoint.answerPoll(exchange, EnginePacket.encodePayload(packets));
  }

  /** Answers the poll that was held, and lets go of the request it kept. */
  private void answerHeld(HttpExchange exchange, List<EnginePacket> packets) {
    try {
      answerPoll(exchange, packets);
    } finally {
      exchange.request().release();
    }
  }

  private static WebSocketFrame frameOf(EnginePacket packet) {
    return packet.isBinary() ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(packet.binary()))
        : new TextWebSocketFrame(packet.frameText());
  }
}
