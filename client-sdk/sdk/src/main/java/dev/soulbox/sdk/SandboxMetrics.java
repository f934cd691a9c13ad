package dev.soulbox.sdk;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Resource use of a sandbox at one moment.
 *
 * @param timestamp when it was measured
 * @param cpuCount CPUs the sandbox may use
 * @param cpuUsedPct CPU busy since the previous measurement, 0–100 across all CPUs
 * @param memUsedBytes memory in use
 * @param memTotalBytes the sandbox's memory limit
 * @param diskUsedBytes disk in use
 * @param diskTotalBytes disk size
 * @param processCount processes running in the sandbox
 */
public record SandboxMetrics(Instant timestamp, int cpuCount, double cpuUsedPct, long memUsedBytes,
                             long memTotalBytes, long diskUsedBytes, long diskTotalBytes, int processCount) {
  public SandboxMetrics {
    requireNonNull(timestamp, "timestamp");
  }
}
