package dev.soulbox.orchestrator.vnc;

import dev.soulbox.orchestrator.lifecycle.SandboxDirectory;
import dev.soulbox.orchestrator.runtime.SandboxEndpoint;
import dev.soulbox.orchestrator.runtime.SandboxState;
import java.net.InetSocketAddress;
import java.util.Objects;

/** The VNC server a token opens: the sandbox's x11vnc, as published on the host. */
public record VncTarget(String sandboxId, InetSocketAddress address) {
  public VncTarget {
    Objects.requireNonNull(sandboxId, "sandboxId");
    Objects.requireNonNull(address, "address");
  }

  /**
   * Looks the token up. Throws {@link VncRouteException} when the token opens nothing, the sandbox has no VNC
   * server or is paused. Messages never repeat the token: it is a credential.
   */
  public static VncTarget resolve(SandboxDirectory directory, String token) {
    SandboxEndpoint endpoint = directory.findByVncToken(token)
        .orElseThrow(() -> new VncRouteException(VncRouteException.Reason.UNKNOWN_TOKEN,
            "this VNC token opens no sandbox: it has expired, its sandbox is gone, or it was never issued"));
    if (endpoint.vnc() == null) {
      throw new VncRouteException(VncRouteException.Reason.NO_VNC,
          "sandbox " + endpoint.sandboxId() + " has no VNC server (create it with vnc from a desktop template)");
    }
    if (endpoint.state() == SandboxState.PAUSED) {
      throw new VncRouteException(VncRouteException.Reason.PAUSED,
          "sandbox " + endpoint.sandboxId() + " is paused; resume it to reach its desktop");
    }
    return new VncTarget(endpoint.sandboxId(), endpoint.vnc());
  }
}
