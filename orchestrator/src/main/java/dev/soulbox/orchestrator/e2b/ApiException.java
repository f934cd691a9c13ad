package dev.soulbox.orchestrator.e2b;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A failure only the REST edge knows, with the HTTP status it is answered with. */
final class ApiException extends RuntimeException {
  private final HttpResponseStatus status;

  ApiException(HttpResponseStatus status, String message) {
    super(message);
    this.status = status;
  }

  HttpResponseStatus status() {
    return status;
  }
}
