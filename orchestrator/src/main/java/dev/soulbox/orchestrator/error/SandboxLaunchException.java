package dev.soulbox.orchestrator.error;

/** Thrown when a sandbox's container was created but its agent never answered (the message, with the container's last output, is kept); reaches the client as {@code INTERNAL}. */
public final class SandboxLaunchException extends OrchestratorException {
  public SandboxLaunchException(String message) {
    super(message);
  }

  public SandboxLaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
