package dev.soulbox.orchestrator.e2b;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.soulbox.grpc.InvalidArgumentException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's JSON object, read strictly: each field is read with the type it must have, a JSON {@code null} counts
 * as absent, and fields nobody read are refused ({@link #refuseUnread}) rather than ignored.
 */
final class JsonFields {
  private static final Gson GSON = new Gson();

  private final JsonObject object;
  private final String where;
  private final Set<String> read = new HashSet<>();

  private JsonFields(JsonObject object, String where) {
    this.object = object;
    this.where = where;
  }

  /** The body as a JSON object; an empty body is an empty object when {@code emptyAllowed}. */
  static JsonFields parse(byte[] body, boolean emptyAllowed) {
    String text = utf8(body);
    if (text.isBlank()) {
      if (emptyAllowed) {
        return new JsonFields(new JsonObject(), "body");
      }
      throw new InvalidArgumentException("the request body must be a JSON object, and it is empty");
    }
    JsonElement element;
    try (JsonReader reader = new JsonReader(new StringReader(text))) {
      reader.setStrictness(Strictness.STRICT);
      element = GSON.getAdapter(JsonElement.class).read(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new InvalidArgumentException("the request body has more than one JSON value");
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidArgumentException invalid) {
        throw invalid;
      }
      throw new InvalidArgumentException("the request body is not valid JSON: " + shortReason(e));
    }
    if (!element.isJsonObject()) {
      throw new InvalidArgumentException("the request body must be a JSON object, not " + kind(element));
    }
    return new JsonFields(element.getAsJsonObject(), "body");
  }

  Optional<String> string(String name) {
    return value(name).map(v -> {
      if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
        throw wrongType(name, "a string", v);
      }
      return v.getAsString();
    });
  }

  Optional<Boolean> bool(String name) {
    return value(name).map(v -> {
      if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) {
        throw wrongType(name, "true or false", v);
      }
      return v.getAsBoolean();
    });
  }

  /** An integer between {@code min} and {@code max}. */
  OptionalLong integer(String name, long min, long max) {
    Optional<JsonElement> value = value(name);
    if (value.isEmpty()) {
      return OptionalLong.empty();
    }
    JsonElement v = value.get();
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
      throw wrongType(name, "an integer", v);
    }
    BigDecimal number = v.getAsBigDecimal();
    if (number.stripTrailingZeros().scale() > 0) {
      throw new InvalidArgumentException(path(name) + " must be an integer, got " + v);
    }
    if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new InvalidArgumentException(path(name) + " must be between " + min + " and " + max + ", got " + v);
    }
    return OptionalLong.of(number.longValueExact());
  }

  /** An object whose values are all strings. */
  Map<String, String> stringMap(String name) {
    Optional<JsonElement> value = value(name);
    if (value.isEmpty()) {
      return Map.of();
    }
    if (!value.get().isJsonObject()) {
      throw wrongType(name, "an object of strings", value.get());
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : value.get().getAsJsonObject().entrySet()) {
      JsonElement v = e.getValue();
      if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
        throw wrongType(name + "." + e.getKey(), "a string", v);
      }
      map.put(e.getKey(), v.getAsString());
    }
    return map;
  }

  /** An array of strings; empty when absent. */
  List<String> strings(String name) {
    Optional<JsonElement> value = value(name);
    if (value.isEmpty()) {
      return List.of();
    }
    if (!value.get().isJsonArray()) {
      throw wrongType(name, "an array of strings", value.get());
    }
    List<String> list = new ArrayList<>();
    JsonArray array = value.get().getAsJsonArray();
    for (int i = 0; i < array.size(); i++) {
      JsonElement v = array.get(i);
      if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
        throw wrongType(name + "[" + i + "]", "a string", v);
      }
      list.add(v.getAsString());
    }
    return list;
  }

  /** A nested object, read with the same rules. */
  Optional<JsonFields> object(String name) {
    return value(name).map(v -> {
      if (!v.isJsonObject()) {
        throw wrongType(name, "an object", v);
      }
      return new JsonFields(v.getAsJsonObject(), path(name));
    });
  }

  /** The raw value of a field, marked as read; empty when absent or null. */
  Optional<JsonElement> value(String name) {
    read.add(name);
    JsonElement v = object.get(name);
    return v == null || v.isJsonNull() ? Optional.empty() : Optional.of(v);
  }

  /** Fails naming the fields that were sent but that no one read: SoulBox does not know them. */
  void refuseUnread() {
    Set<String> unread = new TreeSet<>(object.keySet());
    unread.removeAll(read);
    unread.removeIf(name -> object.get(name).isJsonNull());
    if (!unread.isEmpty()) {
      throw new InvalidArgumentException((where.equals("body") ? "" : where + ": ")
          + "SoulBox does not support the field" + (unread.size() == 1 ? " " : "s ") + String.join(", ", unread));
    }
  }

  String path(String name) {
    return where.equals("body") ? name : where + "." + name;
  }

  private InvalidArgumentException wrongType(String name, String expected, JsonElement got) {
    return new InvalidArgumentException(path(name) + " must be " + expected + ", not " + kind(got));
  }

  private static String kind(JsonElement e) {
    if (e.isJsonObject()) {
      return "an object";
    }
    if (e.isJsonArray()) {
      return "an array";
    }
    if (e.isJsonNull()) {
      return "null";
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    return p.isString() ? "a string" : p.isBoolean() ? "a boolean" : "the number " + p;
  }

  private static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidArgumentException("the request body is not UTF-8");
    }
  }

  private static String shortReason(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int see = message.indexOf("\nSee ");
    message = see > 0 ? message.substring(0, see) : message;
    return message.length() > 200 ? message.substring(0, 200) + "…" : message;
  }
}
