package dev.soulbox.orchestrator.vnc;

/** Why a VNC token does not lead to a VNC server; the web edge maps the reason to a status. */
public final class VncRouteException extends RuntimeException {
  public enum Reason {
    UNKNOWN_TOKEN,
    NO_VNC,
    PAUSED
  }

  private final Reason reason;

  public VncRouteException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
