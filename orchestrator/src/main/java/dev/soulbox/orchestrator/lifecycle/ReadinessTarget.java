package dev.soulbox.orchestrator.lifecycle;

import java.net.InetSocketAddress;

/** The narrow view of a starting sandbox that a {@link ReadinessCheck} gets. */
public interface ReadinessTarget {
  String sandboxId();

  /** Where the host reaches the sandbox's agent. */
  InetSocketAddress agent();

  /** False once the sandbox's container has stopped: waiting longer is pointless. */
  boolean isRunning();
}
