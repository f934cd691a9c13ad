package dev.soulbox.sdk;

/**
 * CPU, memory and process limits: of a sandbox, or the defaults a template gives its sandboxes.
 * A limit of 0 is unset: a sandbox then gets its template's, a template the server's.
 *
 * <pre>{@code
 * Resources small = Resources.none().withCpus(0.5).withMemoryMib(512);
 * CreateOptions opts = CreateOptions.builder().resources(small).build();
 * }</pre>
 *
 * @param cpus CPUs, for example 0.5 or 2; 0 when unset
 * @param memoryMib memory limit in MiB; 0 when unset
 * @param pids most processes at once; 0 when unset
 */
public record Resources(double cpus, int memoryMib, int pids) {
  private static final Resources NONE = new Resources(0, 0, 0);

  public Resources {
    if (cpus != 0) {
      positiveCpus(cpus);
    }
    if (memoryMib != 0) {
      positive(memoryMib, "memoryMib");
    }
    if (pids != 0) {
      positive(pids, "pids");
    }
  }

  /** No limit set. */
  public static Resources none() {
    return NONE;
  }

  /** These limits with a CPU limit of {@code cpus}, which must be positive. */
  public Resources withCpus(double cpus) {
    return new Resources(positiveCpus(cpus), memoryMib, pids);
  }

  /** These limits with a memory limit of {@code memoryMib} MiB, which must be positive. */
  public Resources withMemoryMib(int memoryMib) {
    return new Resources(cpus, positive(memoryMib, "memoryMib"), pids);
  }

  /** These limits with a process limit of {@code pids}, which must be positive. */
  public Resources withPids(int pids) {
    return new Resources(cpus, memoryMib, positive(pids, "pids"));
  }

  /** Whether no limit is set. */
  public boolean isEmpty() {
    return cpus == 0 && memoryMib == 0 && pids == 0;
  }

  private static double positiveCpus(double cpus) {
    if (!(cpus > 0) || Double.isInfinite(cpus)) {
      throw new IllegalArgumentException("cpus must be positive, got " + cpus);
    }
    return cpus;
  }

  private static int positive(int value, String what) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
    return value;
  }
}
