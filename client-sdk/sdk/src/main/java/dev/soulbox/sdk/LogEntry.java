package dev.soulbox.sdk;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One line of a sandbox's log.
 *
 * @param timestamp when it was written
 * @param source {@code "lifecycle"} for state changes, {@code "stdout"} or {@code "stderr"} for the container's output
 * @param message the line
 */
public record LogEntry(Instant timestamp, String source, String message) {
  public LogEntry {
    requireNonNull(timestamp, "timestamp");
    requireNonNull(source, "source");
    requireNonNull(message, "message");
  }
}
