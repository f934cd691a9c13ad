package dev.soulbox.sdk;

/** The checks the CPU, memory and process limits of sandboxes and templates share. */
final class ResourceChecks {
  private ResourceChecks() {}

  static double cpus(double cpus) {
    if (!(cpus > 0) || Double.isInfinite(cpus)) {
      throw new IllegalArgumentException("cpus must be positive, got " + cpus);
    }
    return cpus;
  }

  static int memoryMib(int memoryMib) {
    if (memoryMib < 1) {
      throw new IllegalArgumentException("memoryMib must be positive, got " + memoryMib);
    }
    return memoryMib;
  }

  static int pids(int pids) {
    if (pids < 1) {
      throw new IllegalArgumentException("pids must be positive, got " + pids);
    }
    return pids;
  }
}
