package dev.soulbox.sdk;

/** Where a sandbox is in its life. */
public enum SandboxState {
  RUNNING,
  /** Frozen by {@link Sandbox#pause()}; its timer keeps running. */
  PAUSED,
  /** A state this SDK does not know yet (a newer server). */
  UNKNOWN
}
