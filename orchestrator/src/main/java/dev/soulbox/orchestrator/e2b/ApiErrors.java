package dev.soulbox.orchestrator.e2b;

import com.google.gson.JsonObject;
import dev.soulbox.grpc.StatusMapping;
import dev.soulbox.orchestrator.http.Responses;
import io.grpc.Status;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The one place failures become E2B's error answers: a status and {@code {"code": …, "message": …}}. Unexpected
 * failures are logged once by {@link StatusMapping} and answered 500 with a reference to the log line.
 */
final class ApiErrors {
  private ApiErrors() {}

  static ApiAnswer toAnswer(Throwable failure) {
    if (failure instanceof ApiException e) {
      return of(e.status(), e.getMessage());
    }
    Status status = StatusMapping.toStatus(failure);
    return of(Responses.statusOf(status.getCode()), status.getDescription() == null ? status.getCode().name()
        : status.getDescription());
  }

  static ApiAnswer of(HttpResponseStatus status, String message) {
    JsonObject body = new JsonObject();
    body.addProperty("code", status.code());
    body.addProperty("message", message);
    return ApiAnswer.json(status, body);
  }
}
