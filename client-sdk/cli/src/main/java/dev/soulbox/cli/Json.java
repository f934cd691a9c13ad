package dev.soulbox.cli;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small JSON writer for {@code --json}: maps (insertion order kept), collections, strings,
 * numbers, booleans and null. Instants are written as RFC 3339 strings and 64-bit integers as
 * strings, as the proto3 JSON mapping does; use {@link #int64(long)} for those.
 */
public final class Json {
  private Json() {
  }

  /** An empty object to fill in order. */
  public static Map<String, Object> object() {
    return new LinkedHashMap<>();
  }

  /** A 64-bit integer as the proto3 JSON mapping writes it: a decimal string. */
  public static String int64(long value) {
    return Long.toString(value);
  }

  /** A uint64 as the proto3 JSON mapping writes it. */
  public static String uint64(long value) {
    return Long.toUnsignedString(value);
  }

  /** Indented, for people and {@code jq} alike. */
  public static String pretty(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, "");
    return out.toString();
  }

  /** On one line, for streams of JSON values (one per line). */
  public static String line(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, null);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value, String indent) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Boolean b) {
      out.append(b);
    } else if (value instanceof Double d) {
      number(out, d);
    } else if (value instanceof Float f) {
      number(out, f.doubleValue());
    } else if (value instanceof Number n) {
      out.append(n.longValue());
    } else if (value instanceof Instant i) {
      string(out, i.toString());
    } else if (value instanceof Enum<?> e) {
      string(out, e.name());
    } else if (value instanceof Map<?, ?> m) {
      container(out, '{', '}', m.entrySet(), indent, (entry, in) -> {
        Map.Entry<?, ?> kv = (Map.Entry<?, ?>) entry;
        string(out, String.valueOf(kv.getKey()));
        out.append(in == null ? ":" : ": ");
        write(out, kv.getValue(), in);
      });
    } else if (value instanceof Collection<?> c) {
      container(out, '[', ']', c, indent, (item, in) -> write(out, item, in));
    } else {
      string(out, value.toString());
    }
  }

  private interface Element {
    void write(Object item, String indent);
  }

  private static void container(StringBuilder out, char open, char close, Collection<?> items, String indent,
                                Element element) {
    out.append(open);
    if (items.isEmpty()) {
      out.append(close);
      return;
    }
    String inner = indent == null ? null : indent + "  ";
    boolean first = true;
    for (Object item : items) {
      if (!first) {
        out.append(',');
      }
      first = false;
      if (inner != null) {
        out.append('\n').append(inner);
      }
      element.write(item, inner);
    }
    if (indent != null) {
      out.append('\n').append(indent);
    }
    out.append(close);
  }

  private static void number(StringBuilder out, double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      string(out, Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
    } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      out.append((long) d);
    } else {
      out.append(d);
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
