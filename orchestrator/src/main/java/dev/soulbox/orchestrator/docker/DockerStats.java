package dev.soulbox.orchestrator.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.core.InvocationBuilder;
import dev.soulbox.orchestrator.runtime.ResourceLimits;
import dev.soulbox.orchestrator.runtime.SandboxUsage;
import java.time.Instant;

/**
 * A sandbox's usage from {@code docker stats --no-stream} and the size of its writable layer.
 * Measured on the container's cgroup rather than asked of the agent: it covers every process
 * (the agent included), works while the sandbox is paused or its agent is busy or gone, and needs
 * no token. The price: Docker samples twice, about a second apart, to compute CPU use.
 */
final class DockerStats {
  private final DockerClient docker;

  DockerStats(DockerClient docker) {
    this.docker = docker;
  }

  SandboxUsage usage(String container) {
    Statistics stats = docker.statsCmd(container).withNoStream(true)
        .exec(new InvocationBuilder.AsyncResultCallback<>()).awaitResult();
    if (stats == null) {
      // The engine ends the stats stream without a sample when the container goes away meanwhile.
      throw new NotFoundException("container " + container + " is gone");
    }
    InspectContainerResponse inspect = docker.inspectContainerCmd(container).withSize(true).exec();
    ResourceLimits limits = ContainerHardening.limitsOf(inspect.getHostConfig());
    CpuStatsConfig cpu = stats.getCpuStats();
    int online = cpu == null || cpu.getOnlineCpus() == null ? Runtime.getRuntime().availableProcessors()
        : cpu.getOnlineCpus().intValue();
    double allotted = limits.cpus() > 0 ? Math.min(limits.cpus(), online) : online;
    MemoryStatsConfig memory = stats.getMemoryStats();
    long memUsed = memory == null || memory.getUsage() == null ? 0 : memory.getUsage() - cacheOf(memory);
    long memTotal = memory == null || memory.getLimit() == null ? 0 : memory.getLimit();
    long pids = stats.getPidsStats() == null || stats.getPidsStats().getCurrent() == null ? 0
        : stats.getPidsStats().getCurrent();
    long diskUsed = inspect.getSizeRw() == null ? 0 : inspect.getSizeRw();
    return new SandboxUsage(Instant.now(), (int) Math.ceil(allotted), cpuPercent(stats, online, allotted),
        Math.max(0, memUsed), memTotal, diskUsed, 0, (int) pids);
  }

  /** CPU used between Docker's two samples, as a percentage of the CPUs the sandbox may use. */
  private static double cpuPercent(Statistics stats, int online, double allotted) {
    CpuStatsConfig now = stats.getCpuStats();
    CpuStatsConfig before = stats.getPreCpuStats();
    if (now == null || before == null || now.getCpuUsage() == null || before.getCpuUsage() == null
        || now.getSystemCpuUsage() == null || before.getSystemCpuUsage() == null) {
      return 0;
    }
    double cpuDelta = now.getCpuUsage().getTotalUsage() - before.getCpuUsage().getTotalUsage();
    double systemDelta = now.getSystemCpuUsage() - before.getSystemCpuUsage();
    if (cpuDelta <= 0 || systemDelta <= 0) {
      return 0;
    }
    double cpusBusy = cpuDelta / systemDelta * online;
    return Math.min(100.0, cpusBusy / allotted * 100.0);
  }

  /** Page cache counts as usage in the cgroup but is reclaimable; {@code docker stats} leaves it out too. */
  private static long cacheOf(MemoryStatsConfig memory) {
    if (memory.getStats() == null) {
      return 0;
    }
    Long inactiveFile = memory.getStats().getTotalInactiveFile();
    if (inactiveFile == null) {
      inactiveFile = memory.getStats().getInactiveFile();
    }
    return inactiveFile == null ? 0 : inactiveFile;
  }
}
