package dev.soulbox.orchestrator.runtime;

import dev.soulbox.grpc.ServiceException;
import io.grpc.Status;

/**
 * A sandbox was made but did not start, or its agent never answered. The message, with the
 * container's last output, is what the client needs to see; it reaches it as {@code INTERNAL}.
 */
public final class SandboxLaunchException extends ServiceException {
  public SandboxLaunchException(String message) {
    super(Status.Code.INTERNAL, message);
  }

  public SandboxLaunchException(String message, Throwable cause) {
    super(Status.Code.INTERNAL, message, cause);
  }
}
