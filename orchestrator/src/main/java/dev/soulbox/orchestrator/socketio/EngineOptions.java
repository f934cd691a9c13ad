package dev.soulbox.orchestrator.socketio;

import java.time.Duration;

/**
 * The Engine.IO settings a server announces in its handshake, and how long Socket.IO keeps a dropped socket's
 * state for it to reconnect to.
 *
 * @param maxPayload the largest polling payload a client may send, in bytes
 * @param recoveryWindow how long a socket that lost its connection may come back with its id, rooms and the events
 *     sent meanwhile
 */
public record EngineOptions(Duration pingInterval, Duration pingTimeout, int maxPayload, Duration recoveryWindow) {
  public static EngineOptions defaults() {
    return new EngineOptions(Duration.ofSeconds(25), Duration.ofSeconds(20), 60 * 1024, Duration.ofMinutes(2));
  }
}
