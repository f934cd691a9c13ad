package dev.soulbox.orchestrator.webshell;

import com.google.gson.JsonObject;
import dev.soulbox.grpc.ServiceException;
import dev.soulbox.orchestrator.http.Responses;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * An error the web shell reports: to a socket as the {@code error} event {@code {message, code}}, to a REST caller
 * as a status and {@code {"code", "message"}}. Codes are gRPC's status names ({@code NOT_FOUND},
 * {@code INVALID_ARGUMENT}, {@code PERMISSION_DENIED}, …).
 */
final class ShellError extends RuntimeException {
  private final Status.Code code;

  ShellError(Status.Code code, String message) {
    super(message);
    this.code = code;
  }

  static ShellError invalid(String message) {
    return new ShellError(Status.Code.INVALID_ARGUMENT, message);
  }

  static ShellError denied(String message) {
    return new ShellError(Status.Code.PERMISSION_DENIED, message);
  }

  static ShellError notFound(String message) {
    return new ShellError(Status.Code.NOT_FOUND, message);
  }

  /** What a failure of the shell, the orchestrator or an agent call means for the client. */
  static ShellError of(Throwable failure) {
    if (failure instanceof ShellError shell) {
      return shell;
    }
    if (failure instanceof ServiceException service) {
      return new ShellError(service.code(), service.getMessage());
    }
    if (failure instanceof StatusRuntimeException call) {
      return of(call.getStatus());
    }
    if (failure instanceof IllegalArgumentException bad) {
      return invalid(bad.getMessage());
    }
    return new ShellError(Status.Code.INTERNAL, "internal error: " + failure);
  }

  static ShellError of(Status status) {
    String description = status.getDescription() == null ? status.getCode().name() : status.getDescription();
    return new ShellError(status.getCode(), "the sandbox's agent: " + description);
  }

  Status.Code code() {
    return code;
  }

  JsonObject json() {
    JsonObject o = new JsonObject();
    o.addProperty("message", getMessage());
    o.addProperty("code", code.name());
    return o;
  }

  HttpResponseStatus httpStatus() {
    return Responses.statusOf(code);
  }
}
