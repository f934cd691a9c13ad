package dev.soulbox.orchestrator.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import dev.soulbox.orchestrator.runtime.ResourceLimits;
import java.util.List;

/**
 * How every sandbox container is confined: never privileged, no privilege gain through setuid
 * binaries, Docker's default seccomp profile, the capabilities Docker grants by default minus
 * those the agent does without, and memory, CPU and process limits.
 */
final class ContainerHardening {
  /**
   * Dropped from Docker's default set. Kept: CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID and KILL,
   * which the agent (root, running processes as the sandbox user) needs.
   */
  static final List<Capability> DROPPED = List.of(Capability.NET_RAW, Capability.MKNOD, Capability.AUDIT_WRITE,
      Capability.SETFCAP, Capability.SETPCAP, Capability.NET_BIND_SERVICE, Capability.SYS_CHROOT, Capability.FSETID);
  static final String NO_NEW_PRIVILEGES = "no-new-privileges";

  private ContainerHardening() {}

  static HostConfig hostConfig(ResourceLimits limits) {
    long memoryBytes = limits.memoryMib() * 1024 * 1024;
    return HostConfig.newHostConfig()
        .withPrivileged(false)
        .withSecurityOpts(List.of(NO_NEW_PRIVILEGES))
        .withCapDrop(DROPPED.toArray(Capability[]::new))
        .withMemory(memoryBytes)
        .withMemorySwap(memoryBytes) // equal to memory: no swap on top
        .withNanoCPUs(Math.round(limits.cpus() * 1e9))
        .withPidsLimit(limits.pids());
  }

  /** Changes a running container's memory, CPU and process limits. */
  static void update(DockerClient docker, String container, ResourceLimits limits) {
    long memoryBytes = limits.memoryMib() * 1024 * 1024;
    DockerErrors.run("update the limits of " + container, () -> docker.updateContainerCmd(container)
        .withMemory(memoryBytes)
        .withMemorySwap(memoryBytes)
        .withNanoCPUs(Math.round(limits.cpus() * 1e9))
        .withPidsLimit(limits.pids())
        .exec());
  }

  /** The limits a container was created with. */
  static ResourceLimits limitsOf(HostConfig config) {
    if (config == null) {
      return ResourceLimits.UNSET;
    }
    long nanoCpus = config.getNanoCPUs() == null ? 0 : config.getNanoCPUs();
    long memory = config.getMemory() == null ? 0 : config.getMemory();
    long pids = config.getPidsLimit() == null ? 0 : config.getPidsLimit();
    return new ResourceLimits(nanoCpus / 1e9, memory / (1024 * 1024), pids);
  }
}
