package dev.soulbox.agent.http;

/** envd's REST error body: {@code {"code": 404, "message": "..."}}. */
final class Rest {
  private Rest() {}

  static String error(int code, String message) {
    return "{\"code\":" + code + ",\"message\":" + Json.quote(message) + "}";
  }
}
