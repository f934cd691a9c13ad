package dev.soulbox.orchestrator.runtime;

import java.net.InetSocketAddress;

/**
 * Where the host reaches a sandbox: its agent and VNC server (published on 127.0.0.1), and its
 * address on the container network for any other port.
 *
 * @param vnc null when the sandbox has no VNC route
 */
public record SandboxEndpoint(String sandboxId, SandboxState state, InetSocketAddress agent, InetSocketAddress vnc,
                              String networkAddress) {
  /** A port inside the sandbox, reached over the container network. */
  public InetSocketAddress port(int port) {
    return new InetSocketAddress(networkAddress, port);
  }
}
