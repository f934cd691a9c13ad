package dev.soulbox.orchestrator.vnc;

/** An RFB handshake that did not complete; {@code notUpYet}: the server closed before saying anything, so try again. */
final class RfbException extends RuntimeException {
  private final boolean notUpYet;

  RfbException(String message, boolean notUpYet) {
    super(message, null, false, false);
    this.notUpYet = notUpYet;
  }

  boolean notUpYet() {
    return notUpYet;
  }
}
