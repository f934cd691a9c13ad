package dev.soulbox.orchestrator.lifecycle;

import java.net.InetSocketAddress;

/** The narrow view of a starting sandbox that a {@link ReadinessCheck} gets. */
public interface ReadinessTarget {
  String sandboxId();

  /** Where the host reaches the sandbox's agent. */
  InetSocketAddress agent();

  /** False once the sandbox's container has stopped: waiting longer is pointless. */
  boolean isRunning();

  /** The token its agent requires as {@code x-access-token}, or null. */
  default String accessToken() {
    return null;
  }

  /** Told the envd API version the sandbox's agent says it serves, when the check asked it. */
  default void reportEnvdVersion(String envdVersion) {
  }
}
