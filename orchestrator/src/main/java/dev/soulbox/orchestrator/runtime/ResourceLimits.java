package dev.soulbox.orchestrator.runtime;


/**
 * CPU, memory and process limits of a sandbox. A zero field means "not set here": take it from
 * the template, else from the server's defaults.
 *
 * @param cpus CPUs, for example 0.5 or 2
 * @param memoryMib memory limit in MiB (no swap beyond it)
 * @param pids maximum number of processes and threads
 */
public record ResourceLimits(double cpus, long memoryMib, long pids) {
  public static final ResourceLimits UNSET = new ResourceLimits(0, 0, 0);
  public static final ResourceLimits SERVER_DEFAULTS = new ResourceLimits(1, 1024, 512);

  /** Each field of this one where set, else of {@code fallback}. */
  public ResourceLimits or(ResourceLimits fallback) {
    return new ResourceLimits(cpus > 0 ? cpus : fallback.cpus, memoryMib > 0 ? memoryMib : fallback.memoryMib,
        pids > 0 ? pids : fallback.pids);
  }
}
