package dev.soulbox.orchestrator.runtime;

/** The ports inside every sandbox that SoulBox itself serves. */
public final class SandboxPorts {
  /** The envd agent: gRPC and its HTTP face. */
  public static final int AGENT = 49983;
  /**
   * A desktop's VNC server. Not 5900: E2B's desktop SDK runs its own x11vnc there, beside SoulBox's (see the desktop
   * template's {@code vnc} service).
   */
  public static final int VNC = 5910;

  private SandboxPorts() {
  }
}
