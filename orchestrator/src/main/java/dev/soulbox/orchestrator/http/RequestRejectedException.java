package dev.soulbox.orchestrator.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A request the gateway refuses before routing it, with the status and the reason to send back. */
public final class RequestRejectedException extends RuntimeException {
  private final HttpResponseStatus status;

  public RequestRejectedException(HttpResponseStatus status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public HttpResponseStatus status() {
    return status;
  }
}
