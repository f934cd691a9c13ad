package dev.soulbox.orchestrator.runtime;

import java.time.Instant;

/** What a sandbox uses right now, measured on its container's cgroup. */
public record SandboxUsage(Instant timestamp, int cpuCount, double cpuUsedPct, long memUsedBytes, long memTotalBytes,
                           long diskUsedBytes, long diskTotalBytes, int pids) {}
