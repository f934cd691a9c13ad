package dev.soulbox.orchestrator.runtime;


/** What a sandbox is doing. A killed sandbox is gone, not a state. */
public enum SandboxState {
  RUNNING,
  PAUSED
}
