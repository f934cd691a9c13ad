package dev.soulbox.sdk.internal;

import dev.soulbox.proto.agent.v1.MetricsResponse;
import dev.soulbox.proto.orchestrator.v1.CreateSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.ListSandboxesRequest;
import dev.soulbox.proto.orchestrator.v1.Sandbox;
import dev.soulbox.sdk.CreateOptions;
import dev.soulbox.sdk.LogEntry;
import dev.soulbox.sdk.NetworkPolicy;
import dev.soulbox.sdk.Resources;
import dev.soulbox.sdk.SandboxFilter;
import dev.soulbox.sdk.SandboxInfo;
import dev.soulbox.sdk.SandboxMetrics;
import dev.soulbox.sdk.SandboxState;
import java.net.URI;
import java.time.Duration;

/** Orchestrator requests and responses between the SDK's values and the wire. */
final class AdminMapping {
  private AdminMapping() {
  }

  static CreateSandboxRequest create(CreateOptions o) {
    CreateSandboxRequest.Builder r = CreateSandboxRequest.newBuilder()
        .setTemplate(o.template()).putAllMetadata(o.metadata()).putAllEnvVars(o.envs()).setVnc(o.vnc());
    o.timeout().ifPresent(t -> r.setTimeoutSeconds(seconds(t)));
    if (!o.resources().isEmpty()) {
      r.setResources(resources(o.resources()));
    }
    o.network().ifPresent(n -> r.setNetwork(network(n)));
    return r.build();
  }

  static dev.soulbox.proto.orchestrator.v1.NetworkPolicy network(NetworkPolicy n) {
    return dev.soulbox.proto.orchestrator.v1.NetworkPolicy.newBuilder().setAllowInternetAccess(n.internetAllowed())
        .addAllAllowOut(n.allowOut()).addAllDenyOut(n.denyOut()).build();
  }

  static NetworkPolicy network(dev.soulbox.proto.orchestrator.v1.NetworkPolicy n) {
    return new NetworkPolicy(!n.hasAllowInternetAccess() || n.getAllowInternetAccess(), n.getAllowOutList(),
        n.getDenyOutList());
  }

  static dev.soulbox.proto.orchestrator.v1.Resources resources(Resources r) {
    return dev.soulbox.proto.orchestrator.v1.Resources.newBuilder()
        .setCpus(r.cpus()).setMemoryMib(r.memoryMib()).setPids(r.pids()).build();
  }

  static Resources resources(dev.soulbox.proto.orchestrator.v1.Resources r) {
    return new Resources(r.getCpus(), r.getMemoryMib(), r.getPids());
  }

  static ListSandboxesRequest list(SandboxFilter f) {
    ListSandboxesRequest.Builder r = ListSandboxesRequest.newBuilder().putAllMetadata(f.metadata());
    f.states().stream().sorted().forEach(s -> r.addStates(state(s)));
    return r.build();
  }

  static SandboxInfo info(Sandbox s) {
    return new SandboxInfo(s.getSandboxId(), s.getTemplate(), state(s.getState()), s.getMetadataMap(),
        Entries.instant(s.getStartedAt()), Entries.instant(s.getEndAt()), s.getEnvdVersion(),
        resources(s.getResources()), uri(s.getVnc().getNovncUrl()), network(s.getNetwork()));
  }

  static SandboxMetrics metrics(MetricsResponse m) {
    return new SandboxMetrics(Entries.instant(m.getTimestamp()), m.getCpuCount(), m.getCpuUsedPct(),
        m.getMemUsedBytes(), m.getMemTotalBytes(), m.getDiskUsedBytes(), m.getDiskTotalBytes(), m.getProcessCount());
  }

  static SandboxMetrics metrics(dev.soulbox.proto.orchestrator.v1.SandboxMetrics m) {
    return new SandboxMetrics(Entries.instant(m.getTimestamp()), m.getCpuCount(), m.getCpuUsedPct(),
        m.getMemUsedBytes(), m.getMemTotalBytes(), m.getDiskUsedBytes(), m.getDiskTotalBytes(), m.getPids());
  }

  static LogEntry log(dev.soulbox.proto.orchestrator.v1.LogEntry e) {
    return new LogEntry(Entries.instant(e.getTimestamp()), e.getSource(), e.getMessage());
  }

  /** Whole seconds, rounded up, as E2B's SDK does. */
  static long seconds(Duration d) {
    return d.getNano() == 0 ? d.getSeconds() : d.getSeconds() + 1;
  }

  static URI uri(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      return URI.create(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static SandboxState state(dev.soulbox.proto.orchestrator.v1.SandboxState s) {
    return switch (s) {
      case SANDBOX_STATE_RUNNING -> SandboxState.RUNNING;
      case SANDBOX_STATE_PAUSED -> SandboxState.PAUSED;
      default -> SandboxState.UNKNOWN;
    };
  }

  private static dev.soulbox.proto.orchestrator.v1.SandboxState state(SandboxState s) {
    return switch (s) {
      case RUNNING -> dev.soulbox.proto.orchestrator.v1.SandboxState.SANDBOX_STATE_RUNNING;
      case PAUSED -> dev.soulbox.proto.orchestrator.v1.SandboxState.SANDBOX_STATE_PAUSED;
      case UNKNOWN -> throw new IllegalArgumentException("cannot ask for state UNKNOWN");
    };
  }
}
