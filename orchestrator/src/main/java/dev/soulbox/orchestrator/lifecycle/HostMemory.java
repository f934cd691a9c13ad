package dev.soulbox.orchestrator.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the host's memory allows: the kernel's estimate of what new work can use without swapping. */
final class HostMemory {
  private static final Path MEMINFO = Path.of("/proc/meminfo");

  private HostMemory() {}

  /** {@code MemAvailable} in bytes; unbounded where the host does not say (not Linux). */
  static long availableBytes() {
    try {
      for (String line : Files.readAllLines(MEMINFO)) {
        if (line.startsWith("MemAvailable:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // no meminfo: nothing to go by
    }
    return Long.MAX_VALUE;
  }
}
