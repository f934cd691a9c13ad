package dev.soulbox.agent.transfer;

import dev.soulbox.grpc.FailedPreconditionException;
import dev.soulbox.grpc.PermissionDeniedException;
import dev.soulbox.grpc.ResourceExhaustedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;

/** Turns an {@link IOException} from a file operation into the failure a client can act on. */
final class IoFailures {
  private IoFailures() {}

  /** The failure for {@code e}, raised while doing {@code action} ("cannot write /x"). */
  static RuntimeException of(String action, IOException e) {
    if (e instanceof AccessDeniedException) {
      return new PermissionDeniedException(action + ": permission denied", e);
    }
    if (isFull(e)) {
      return new ResourceExhaustedException(action + ": " + e.getMessage(), e);
    }
    if (mentions(e, "Read-only file system")) {
      return new FailedPreconditionException(action + ": read-only file system", e);
    }
    return new UncheckedIOException(action, e);
  }

  /** Whether {@code e} says the disk, or the user's quota on it, is full. */
  static boolean isFull(IOException e) {
    return mentions(e, "No space left on device") || mentions(e, "Disk quota exceeded");
  }

  private static boolean mentions(IOException e, String text) {
    return e.getMessage() != null && e.getMessage().contains(text);
  }
}
