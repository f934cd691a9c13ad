package dev.soulbox.agent.server;

import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import dev.soulbox.agent.auth.UserAccount;
import dev.soulbox.agent.init.SandboxSettings;
import dev.soulbox.agent.process.ProcessRegistry;
import dev.soulbox.agent.system.SystemMetrics;
import dev.soulbox.proto.agent.v1.AgentGrpc;
import dev.soulbox.proto.agent.v1.InfoRequest;
import dev.soulbox.proto.agent.v1.InfoResponse;
import dev.soulbox.proto.agent.v1.MetricsRequest;
import dev.soulbox.proto.agent.v1.MetricsResponse;
import io.grpc.stub.StreamObserver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code soulbox.agent.v1.Agent}: what this agent is, and how the sandbox is doing. */
final class AgentService extends AgentGrpc.AgentImplBase {
  static final List<String> CAPABILITIES = List.of(
      "process", "process.pty", "process.tags", "process.attach", "process.signal",
      "filesystem", "filesystem.watch", "files.upload", "files.download", "metrics");

  private final Instant startedAt = Instant.now();
  private final SandboxSettings settings;
  private final ProcessRegistry processes;
  private final SystemMetrics metrics;

  AgentService(SandboxSettings settings, ProcessRegistry processes, SystemMetrics metrics) {
    this.settings = settings;
    this.processes = processes;
    this.metrics = metrics;
  }

  @Override
  public void info(InfoRequest request, StreamObserver<InfoResponse> out) {
    UserAccount defaultUser = settings.defaultUser();
    Path workdir = settings.workdir();
    out.onNext(InfoResponse.newBuilder()
        .setVersion(AgentConfig.VERSION)
        .setEnvdVersion(AgentConfig.ENVD_VERSION)
        .setStartedAt(Timestamps.fromMillis(startedAt.toEpochMilli()))
        .setUptime(Durations.fromMillis(Duration.between(startedAt, Instant.now()).toMillis()))
        .setDefaultUser(defaultUser.name())
        .setDefaultWorkdir((workdir != null ? workdir : defaultUser.home()).toString())
        .addAllCapabilities(CAPABILITIES)
        .setHostname(hostname())
        .build());
    out.onCompleted();
  }

  @Override
  public void metrics(MetricsRequest request, StreamObserver<MetricsResponse> out) {
    SystemMetrics.Snapshot s = metrics.read();
    out.onNext(MetricsResponse.newBuilder()
        .setTimestamp(Timestamps.fromMillis(System.currentTimeMillis()))
        .setCpuCount(s.cpuCount())
        .setCpuUsedPct(s.cpuUsedPct())
        .setMemTotalBytes(s.memTotal())
        .setMemUsedBytes(s.memUsed())
        .setDiskTotalBytes(s.diskTotal())
        .setDiskUsedBytes(s.diskUsed())
        .setProcessCount(s.processCount())
        .setManagedProcessCount(processes.runningCount())
        .build());
    out.onCompleted();
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
