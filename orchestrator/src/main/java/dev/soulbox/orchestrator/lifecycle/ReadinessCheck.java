package dev.soulbox.orchestrator.lifecycle;

import java.time.Duration;

/**
 * Waits until a freshly started sandbox can take calls. The server's asks the agent's health service
 * ({@code proxy.AgentHealthCheck}); tests give their own.
 */
public interface ReadinessCheck {
  /**
   * Returns once the sandbox is ready.
   *
   * @throws dev.soulbox.orchestrator.runtime.SandboxLaunchException when it is not ready within the timeout or stopped
   */
  void waitUntilReady(ReadinessTarget target);

  /** The same check with another bound on how long it waits. */
  ReadinessCheck withTimeout(Duration timeout);

  Duration timeout();
}
