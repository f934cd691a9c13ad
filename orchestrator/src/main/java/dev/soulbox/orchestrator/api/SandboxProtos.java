package dev.soulbox.orchestrator.api;

import com.google.protobuf.Timestamp;
import dev.soulbox.orchestrator.lifecycle.SandboxRequest;
import dev.soulbox.orchestrator.runtime.EgressPolicy;
import dev.soulbox.orchestrator.runtime.EgressRule;
import dev.soulbox.orchestrator.runtime.LogLine;
import dev.soulbox.orchestrator.runtime.ResourceLimits;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxPorts;
import dev.soulbox.orchestrator.runtime.SandboxState;
import dev.soulbox.orchestrator.runtime.SandboxUsage;
import dev.soulbox.orchestrator.runtime.Template;
import dev.soulbox.proto.orchestrator.v1.CreateSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.LogEntry;
import dev.soulbox.proto.orchestrator.v1.NetworkPolicy;
import dev.soulbox.proto.orchestrator.v1.PortMapping;
import dev.soulbox.proto.orchestrator.v1.Resources;
import dev.soulbox.proto.orchestrator.v1.Sandbox;
import dev.soulbox.proto.orchestrator.v1.SandboxMetrics;
import dev.soulbox.proto.orchestrator.v1.VncAccess;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Domain values to and from the admin API's messages. */
final class SandboxProtos {

  private final PublicUrls urls;

  SandboxProtos(PublicUrls urls) {
    this.urls = urls;
  }

  static SandboxRequest request(CreateSandboxRequest r) {
    return new SandboxRequest(r.getTemplate(), Duration.ofSeconds(r.getTimeoutSeconds()), r.getMetadataMap(),
        r.getEnvVarsMap(), r.getVnc(), limits(r.getResources()), egress(r.getNetwork()));
  }

  static EgressPolicy egress(NetworkPolicy n) {
    return EgressPolicy.of(n.hasAllowInternetAccess() ? n.getAllowInternetAccess() : null, n.getAllowOutList(),
        n.getDenyOutList());
  }

  static NetworkPolicy network(EgressPolicy p) {
    return NetworkPolicy.newBuilder()
        .setAllowInternetAccess(p.internetAllowed())
        .addAllAllowOut(p.allowOut().stream().map(EgressRule::text).toList())
        .addAllDenyOut(p.denyOut().stream().map(EgressRule::text).toList())
        .build();
  }

  static ResourceLimits limits(Resources r) {
    return new ResourceLimits(r.getCpus(), Integer.toUnsignedLong(r.getMemoryMib()), Integer.toUnsignedLong(r.getPids()));
  }

  static Resources resources(ResourceLimits r) {
    return Resources.newBuilder().setCpus(r.cpus()).setMemoryMib((int) r.memoryMib()).setPids((int) r.pids()).build();
  }

  static SandboxState state(dev.soulbox.proto.orchestrator.v1.SandboxState s) {
    return switch (s) {
      case SANDBOX_STATE_RUNNING -> SandboxState.RUNNING;
      case SANDBOX_STATE_PAUSED -> SandboxState.PAUSED;
      default -> null;
    };
  }

  static dev.soulbox.proto.orchestrator.v1.SandboxState state(SandboxState s) {
    return s == SandboxState.PAUSED ? dev.soulbox.proto.orchestrator.v1.SandboxState.SANDBOX_STATE_PAUSED
        : dev.soulbox.proto.orchestrator.v1.SandboxState.SANDBOX_STATE_RUNNING;
  }

  Sandbox sandbox(SandboxInstance s, Optional<String> vncToken) {
    Sandbox.Builder b = Sandbox.newBuilder()
        .setSandboxId(s.sandboxId())
        .setTemplate(s.template())
        .setState(state(s.state()))
        .putAllMetadata(s.metadata())
        .setStartedAt(timestamp(s.startedAt()))
        .setEndAt(timestamp(s.endAt()))
        .setEnvdAccessToken(s.accessToken() == null ? "" : s.accessToken())
        .setResources(resources(s.resources()))
        .setEnvdVersion(s.envdVersion() == null ? "" : s.envdVersion())
        .setNetwork(network(s.egress()))
        .addPorts(published(SandboxPorts.AGENT, "agent", s.agent()));
    if (s.hasVnc()) {
      b.addPorts(published(SandboxPorts.VNC, "vnc", s.vnc()));
      vncToken.ifPresent(token -> b.setVnc(VncAccess.newBuilder()
          .setToken(token)
          .setWebsocketUrl(urls.vnc(token).websocketUrl())
          .setNovncUrl(urls.vnc(token).novncUrl())
          .setExpiresAt(timestamp(s.endAt()))));
    }
    for (int port : s.exposedPorts()) {
      String url = urls.port(s.sandboxId(), port);
      b.addPorts(PortMapping.newBuilder().setPort(port).setName("http").setHostAddress(url).setUrl(url));
    }
    return b.build();
  }

  /** @param poolSize the template's warm pool size on this server */
  static dev.soulbox.proto.orchestrator.v1.Template template(Template t, int poolSize) {
    dev.soulbox.proto.orchestrator.v1.Template.Builder b = dev.soulbox.proto.orchestrator.v1.Template.newBuilder()
        .setName(t.name())
        .setImage(t.image())
        .setSizeBytes(t.sizeBytes())
        .setResources(resources(t.defaults()))
        .setDesktop(t.desktop())
        .setPoolSize(poolSize);
    if (t.createdAt() != null) {
      b.setCreatedAt(timestamp(t.createdAt()));
    }
    return b.build();
  }

  static SandboxMetrics metrics(SandboxUsage u) {
    return SandboxMetrics.newBuilder()
        .setTimestamp(timestamp(u.timestamp()))
        .setCpuCount(u.cpuCount())
        .setCpuUsedPct(u.cpuUsedPct())
        .setMemUsedBytes(u.memUsedBytes())
        .setMemTotalBytes(u.memTotalBytes())
        .setDiskUsedBytes(u.diskUsedBytes())
        .setDiskTotalBytes(u.diskTotalBytes())
        .setPids(u.pids())
        .build();
  }

  static LogEntry logEntry(LogLine line) {
    return LogEntry.newBuilder().setTimestamp(timestamp(line.timestamp())).setSource(line.source())
        .setMessage(line.message()).build();
  }

  static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  private static PortMapping published(int port, String name, InetSocketAddress host) {
    String address = host == null ? "" : host.getHostString() + ":" + host.getPort();
    return PortMapping.newBuilder().setPort(port).setName(name).setHostAddress(address).build();
  }
}
