package dev.soulbox.orchestrator.runtime;


/** What the machine running the sandboxes has, for validating resource requests. */
public record HostCapacity(int cpus, long memoryBytes) {}
