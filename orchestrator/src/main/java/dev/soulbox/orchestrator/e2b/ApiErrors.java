package dev.soulbox.orchestrator.e2b;

import com.google.gson.JsonObject;
import dev.soulbox.grpc.StatusMapping;
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
    return of(httpStatus(status.getCode()), status.getDescription() == null ? status.getCode().name()
        : status.getDescription());
  }

  static ApiAnswer of(HttpResponseStatus status, String message) {
    JsonObject body = new JsonObject();
    body.addProperty("code", status.code());
    body.addProperty("message", message);
    return ApiAnswer.json(status, body);
  }

  static HttpResponseStatus httpStatus(Status.Code code) {
    return switch (code) {
      case INVALID_ARGUMENT, OUT_OF_RANGE -> HttpResponseStatus.BAD_REQUEST;
      case UNAUTHENTICATED -> HttpResponseStatus.UNAUTHORIZED;
      case PERMISSION_DENIED -> HttpResponseStatus.FORBIDDEN;
      case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
      case ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED -> HttpResponseStatus.CONFLICT;
      case RESOURCE_EXHAUSTED -> HttpResponseStatus.TOO_MANY_REQUESTS;
      case UNIMPLEMENTED -> HttpResponseStatus.NOT_IMPLEMENTED;
      case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
      case DEADLINE_EXCEEDED -> HttpResponseStatus.GATEWAY_TIMEOUT;
      default -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
    };
  }
}
