package dev.soulbox.orchestrator.lifecycle;

/** What a sandbox is doing. A killed sandbox is gone, not a state. */
public enum SandboxState {
  RUNNING,
  PAUSED
}
