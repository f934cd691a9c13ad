package dev.soulbox.agent.http;

import io.grpc.Status;
import java.util.Locale;

/** Connect's names for gRPC status codes, and the HTTP status each has on a unary call. */
final class ConnectCodes {
  private ConnectCodes() {}

  static String name(Status.Code code) {
    return code == Status.Code.CANCELLED ? "canceled" : code.name().toLowerCase(Locale.ROOT);
  }

  static int httpStatus(Status.Code code) {
    switch (code) {
      case CANCELLED: return 499;
      case INVALID_ARGUMENT: case FAILED_PRECONDITION: case OUT_OF_RANGE: return 400;
      case DEADLINE_EXCEEDED: return 504;
      case NOT_FOUND: return 404;
      case ALREADY_EXISTS: case ABORTED: return 409;
      case PERMISSION_DENIED: return 403;
      case RESOURCE_EXHAUSTED: return 429;
      case UNIMPLEMENTED: return 501;
      case UNAVAILABLE: return 503;
      case UNAUTHENTICATED: return 401;
      default: return 500;
    }
  }
}
