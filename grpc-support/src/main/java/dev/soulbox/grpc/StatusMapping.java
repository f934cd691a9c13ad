package dev.soulbox.grpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become gRPC statuses. Expected failures keep their message;
 * anything unexpected is logged here once and reaches the client as {@code INTERNAL} with a
 * reference to the log line, never with a stack trace.
 */
public final class StatusMapping {
  private static final Logger log = LoggerFactory.getLogger(StatusMapping.class);

  private StatusMapping() {}

  public static Status toStatus(Throwable t) {
    if (t instanceof StatusRuntimeException e) {
      return e.getStatus();
    }
    if (t instanceof StatusException e) {
      return e.getStatus();
    }
    Status.Code code = codeOf(t);
    if (code != null) {
      return Status.fromCode(code).withDescription(t.getMessage());
    }
    String ref = UUID.randomUUID().toString().substring(0, 8);
    log.error("internal error (ref {})", ref, t);
    return Status.INTERNAL.withDescription("internal error (ref " + ref + ")");
  }

  public static StatusRuntimeException toException(Throwable t) {
    return toStatus(t).asRuntimeException();
  }

  private static Status.Code codeOf(Throwable t) {
    if (t instanceof ServiceException e) {
      return e.code();
    }
    // a file failure that slipped past a translation with a better message still says what happened
    return FileErrors.codeOf(t);
  }
}
