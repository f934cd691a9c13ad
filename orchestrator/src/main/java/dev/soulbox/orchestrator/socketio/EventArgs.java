package dev.soulbox.orchestrator.socketio;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The arguments of an event a client emitted: JSON values, where binary ones ({@code Buffer}, {@code ArrayBuffer})
 * stand as placeholders for the attachments that came with the event.
 */
public final class EventArgs {
  private final JsonArray args;
  private final List<byte[]> attachments;

  EventArgs(JsonArray args, List<byte[]> attachments) {
    this.args = args;
    this.attachments = attachments;
  }

  public int size() {
    return args.size();
  }

  /** The argument at {@code index}, empty when the client sent fewer. */
  public Optional<JsonElement> get(int index) {
    return index < args.size() && !args.get(index).isJsonNull() ? Optional.of(args.get(index)) : Optional.empty();
  }

  /** The argument at {@code index} when it is an object. */
  public Optional<JsonObject> object(int index) {
    return get(index).filter(JsonElement::isJsonObject).map(JsonElement::getAsJsonObject);
  }

  /** Whether a value stands for binary data that came with the event. */
  public boolean isBinary(JsonElement value) {
    return value != null && value.isJsonObject() && value.getAsJsonObject().has("_placeholder")
        && value.getAsJsonObject().has("num");
  }

  /**
   * The bytes of a value: a string's UTF-8 bytes or a binary attachment's bytes.
   *
   * @throws IllegalArgumentException for any other value
   */
  public byte[] bytes(JsonElement value) {
    if (isBinary(value)) {
      int num = value.getAsJsonObject().get("num").getAsInt();
      if (num < 0 || num >= attachments.size()) {
        throw new IllegalArgumentException("a binary placeholder without its attachment");
      }
      return attachments.get(num);
    }
    if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
      return value.getAsString().getBytes(StandardCharsets.UTF_8);
    }
    throw new IllegalArgumentException("expected a string or binary data");
  }
}
