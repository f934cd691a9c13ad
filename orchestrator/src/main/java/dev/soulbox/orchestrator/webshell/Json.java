package dev.soulbox.orchestrator.webshell;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.time.Instant;

/** Reading the fields of the seeds' event payloads and REST bodies, with errors that name the field. */
final class Json {
  private Json() {}

  static JsonObject object(String body) {
    try {
      JsonElement parsed = JsonParser.parseString(body);
      if (parsed.isJsonObject()) {
        return parsed.getAsJsonObject();
      }
    } catch (JsonParseException e) {
      // answered below
    }
    throw ShellError.invalid("the body must be a JSON object");
  }

  static String requiredString(JsonObject o, String field) {
    JsonElement value = o.get(field);
    if (value == null || !value.isJsonPrimitive() || value.getAsString().isBlank()) {
      throw ShellError.invalid(field + " is required (a string)");
    }
    return value.getAsString();
  }

  static String optionalString(JsonObject o, String field) {
    JsonElement value = o.get(field);
    return value == null || value.isJsonNull() || !value.isJsonPrimitive() ? null : value.getAsString();
  }

  static int optionalInt(JsonObject o, String field, int fallback, int min, int max) {
    JsonElement value = o.get(field);
    if (value == null || value.isJsonNull()) {
      return fallback;
    }
    int n;
    try {
      n = value.getAsInt();
    } catch (RuntimeException e) {
      throw ShellError.invalid(field + " must be a number");
    }
    if (n < min || n > max) {
      throw ShellError.invalid(field + " must be between " + min + " and " + max);
    }
    return n;
  }

  static String now() {
    return Instant.now().toString();
  }
}
