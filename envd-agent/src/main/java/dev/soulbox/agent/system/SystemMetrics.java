package dev.soulbox.agent.system;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the sandbox's resource use from /proc and cgroup v2. Inside a container the cgroup's
 * memory limit is the sandbox's memory, not the machine's.
 */
public final class SystemMetrics {
  /** CPU, memory, disk and process figures at one moment. */
  public record Snapshot(int cpuCount, double cpuUsedPct, long memTotal, long memUsed, long diskTotal, long diskUsed,
                         int processCount) {}

  private final Path proc;
  private final Path cgroup;
  private final Path disk;
  private long lastBusy;
  private long lastTotal;

  public SystemMetrics() {
    this(Path.of("/proc"), Path.of("/sys/fs/cgroup"), Path.of("/"));
  }

  SystemMetrics(Path proc, Path cgroup, Path disk) {
    this.proc = proc;
    this.cgroup = cgroup;
    this.disk = disk;
    long[] cpu = readCpu();
    lastBusy = cpu[0];
    lastTotal = cpu[1];
  }

  public synchronized Snapshot read() {
    long[] cpu = readCpu();
    long busy = cpu[0] - lastBusy;
    long total = cpu[1] - lastTotal;
    lastBusy = cpu[0];
    lastTotal = cpu[1];
    double cpuPct = total <= 0 ? 0 : Math.min(100, 100.0 * busy / total);
    long[] mem = readMemory();
    long[] space = readDisk();
    return new Snapshot(Runtime.getRuntime().availableProcessors(), cpuPct, mem[0], mem[1], space[0], space[1],
        countProcesses());
  }

  /** {busy, total} jiffies summed over all CPUs. */
  private long[] readCpu() {
    try {
      String line = Files.readAllLines(proc.resolve("stat")).get(0);
      String[] f = line.trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** {total, used} bytes: the cgroup's limit and usage when it has a limit, else the machine's. */
  private long[] readMemory() {
    long machineTotal = 0;
    long available = 0;
    try {
      List<String> lines = Files.readAllLines(proc.resolve("meminfo"));
      for (String line : lines) {
        if (line.startsWith("MemTotal:")) {
          machineTotal = kib(line);
        } else if (line.startsWith("MemAvailable:")) {
          available = kib(line);
        }
      }
    } catch (IOException | RuntimeException e) {
      // leave zeros
    }
    try {
      String max = Files.readString(cgroup.resolve("memory.max")).trim();
      long current = Long.parseLong(Files.readString(cgroup.resolve("memory.current")).trim());
      if (!max.equals("max")) {
        return new long[] {Long.parseLong(max), current};
      }
    } catch (IOException | RuntimeException e) {
      // no cgroup v2 memory controller here
    }
    return new long[] {machineTotal, machineTotal - available};
  }

  private long[] readDisk() {
    try {
      FileStore store = Files.getFileStore(disk);
      return new long[] {store.getTotalSpace(), store.getTotalSpace() - store.getUnallocatedSpace()};
    } catch (IOException e) {
      return new long[] {0, 0};
    }
  }

  private int countProcesses() {
    int n = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path ignored : entries) {
        n++;
      }
    } catch (IOException e) {
      return 0;
    }
    return n;
  }

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
  }
}
