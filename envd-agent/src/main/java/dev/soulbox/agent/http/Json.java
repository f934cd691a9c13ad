package dev.soulbox.agent.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.Map;

/** The proto3 JSON mapping, and the few JSON documents of Connect and envd written by hand. */
final class Json {
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private Json() {}

  static String print(Message message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("message cannot be printed as JSON: " + e.getMessage(), e);
    }
  }

  static void merge(String json, Message.Builder builder) throws InvalidProtocolBufferException {
    PARSER.merge(json, builder);
  }

  /** Connect's error object: {@code {"code": "...", "message": "..."}}. */
  static String error(Status status) {
    StringBuilder out = new StringBuilder("{\"code\":").append(quote(ConnectCodes.name(status.getCode())));
    if (status.getDescription() != null) {
      out.append(",\"message\":").append(quote(status.getDescription()));
    }
    return out.append('}').toString();
  }

  /** The body of a stream's last envelope: the error, if any, and the trailers. */
  static String endOfStream(Status status, Metadata trailers) {
    StringBuilder out = new StringBuilder("{");
    if (!status.isOk()) {
      out.append("\"error\":").append(error(status));
    }
    String metadata = metadata(trailers);
    if (!metadata.isEmpty()) {
      out.append(out.length() > 1 ? "," : "").append("\"metadata\":{").append(metadata).append('}');
    }
    return out.append('}').toString();
  }

  private static String metadata(Metadata trailers) {
    StringBuilder out = new StringBuilder();
    for (String key : trailers.keys()) {
      if (!Headers.passesOut(key)) {
        continue;
      }
      Iterable<String> values = trailers.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
      if (values == null) {
        continue;
      }
      out.append(out.length() > 0 ? "," : "").append(quote(key)).append(":[");
      boolean first = true;
      for (String v : values) {
        out.append(first ? "" : ",").append(quote(v));
        first = false;
      }
      out.append(']');
    }
    return out.toString();
  }

  static String object(Map<String, String> map) {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, String> e : map.entrySet()) {
      out.append(out.length() > 1 ? "," : "").append(quote(e.getKey())).append(':').append(quote(e.getValue()));
    }
    return out.append('}').toString();
  }

  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }
}
