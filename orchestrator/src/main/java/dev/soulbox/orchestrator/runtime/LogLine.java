package dev.soulbox.orchestrator.runtime;

import java.time.Instant;

/**
 * One line of a sandbox's log.
 *
 * @param source {@link #LIFECYCLE} for state changes the orchestrator made, else {@code stdout} or {@code stderr}
 */
public record LogLine(Instant timestamp, String source, String message) {
  public static final String LIFECYCLE = "lifecycle";
  public static final String STDOUT = "stdout";
  public static final String STDERR = "stderr";

  public boolean isLifecycle() {
    return LIFECYCLE.equals(source);
  }
}
