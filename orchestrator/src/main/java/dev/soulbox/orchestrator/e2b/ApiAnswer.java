package dev.soulbox.orchestrator.e2b;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import dev.soulbox.orchestrator.http.Responses;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an endpoint answers: a status, a JSON body or none, and extra headers. */
record ApiAnswer(HttpResponseStatus status, JsonElement body, Map<String, String> headers) {
  private static final Gson GSON = new Gson();

  ApiAnswer {
    headers = Map.copyOf(headers);
  }

  static ApiAnswer json(HttpResponseStatus status, JsonElement body) {
    return new ApiAnswer(status, body, Map.of());
  }

  static ApiAnswer noContent() {
    return new ApiAnswer(HttpResponseStatus.NO_CONTENT, null, Map.of());
  }

  ApiAnswer withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiAnswer(status, body, more);
  }

  FullHttpResponse toResponse() {
    byte[] bytes = body == null ? new byte[0] : GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response = Responses.of(status, "application/json", bytes);
    if (body == null) {
      response.headers().remove("content-type");
    }
    headers.forEach((name, value) -> response.headers().set(name, value));
    return response;
  }
}
