package dev.soulbox.orchestrator.socketio;

import com.google.gson.JsonElement;

/** Handles one event a client emitted; runs on a network thread, so it must not block. */
@FunctionalInterface
public interface EventHandler {
  /** @param ack answers the client's acknowledgement callback, null when it asked for none */
  void handle(EventArgs args, Ack ack);

  /** The client's acknowledgement callback. */
  @FunctionalInterface
  interface Ack {
    void send(JsonElement... args);
  }
}
