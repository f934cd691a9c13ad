package dev.soulbox.sdk.internal;

import static java.util.Objects.requireNonNull;

import dev.soulbox.proto.orchestrator.v1.ExposePortRequest;
import dev.soulbox.proto.orchestrator.v1.GetMetricsRequest;
import dev.soulbox.proto.orchestrator.v1.GetSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.KillSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.PauseSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.ResumeSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.Sandbox;
import dev.soulbox.proto.orchestrator.v1.SandboxServiceGrpc;
import dev.soulbox.proto.orchestrator.v1.SetTimeoutRequest;
import dev.soulbox.proto.orchestrator.v1.StreamLogsRequest;
import dev.soulbox.proto.orchestrator.v1.UpdateNetworkRequest;
import dev.soulbox.sdk.CreateOptions;
import dev.soulbox.sdk.LogEntry;
import dev.soulbox.sdk.NetworkPolicy;
import dev.soulbox.sdk.NotFoundException;
import dev.soulbox.sdk.SandboxFilter;
import dev.soulbox.sdk.SandboxInfo;
import dev.soulbox.sdk.SandboxMetrics;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** The orchestrator's {@code SandboxService}, called with the client's API key. */
public final class SandboxAdmin {
  /** A sandbox as the orchestrator describes it, with the token its agent wants. */
  public record Found(SandboxInfo info, String accessToken) {
    @Override
    public String toString() {
      return "Found[" + info + ", accessToken=***]";
    }
  }

  private final AdminCalls calls;

  public SandboxAdmin(AdminCalls calls) {
    this.calls = calls;
  }

  public Found create(CreateOptions options) {
    return found(call("create sandbox from template " + options.template(), null,
        s -> s.createSandbox(AdminMapping.create(options))));
  }

  public Found get(String sandboxId) {
    return found(call("get sandbox " + sandboxId, sandboxId,
        s -> s.getSandbox(GetSandboxRequest.newBuilder().setSandboxId(sandboxId).build())));
  }

  public List<SandboxInfo> list(SandboxFilter filter) {
    return call("list sandboxes", null, s -> s.listSandboxes(AdminMapping.list(filter)))
        .getSandboxesList().stream().map(AdminMapping::info).toList();
  }

  /** False when there was no such sandbox. */
  public boolean kill(String sandboxId) {
    try {
      call("kill sandbox " + sandboxId, sandboxId,
          s -> s.killSandbox(KillSandboxRequest.newBuilder().setSandboxId(sandboxId).build()));
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  public SandboxInfo pause(String sandboxId) {
    return AdminMapping.info(call("pause sandbox " + sandboxId, sandboxId,
        s -> s.pauseSandbox(PauseSandboxRequest.newBuilder().setSandboxId(sandboxId).build())));
  }

  public SandboxInfo resume(String sandboxId) {
    return AdminMapping.info(call("resume sandbox " + sandboxId, sandboxId,
        s -> s.resumeSandbox(ResumeSandboxRequest.newBuilder().setSandboxId(sandboxId).build())));
  }

  public SandboxInfo setTimeout(String sandboxId, Duration timeout) {
    if (timeout.getSeconds() < 1) {
      throw new IllegalArgumentException("timeout must be at least 1 second, got " + timeout);
    }
    return AdminMapping.info(call("set timeout of sandbox " + sandboxId, sandboxId, s -> s.setTimeout(
        SetTimeoutRequest.newBuilder().setSandboxId(sandboxId).setTimeoutSeconds(AdminMapping.seconds(timeout))
            .build())));
  }

  public SandboxInfo updateNetwork(String sandboxId, NetworkPolicy network) {
    return AdminMapping.info(call("update the network policy of sandbox " + sandboxId, sandboxId, s -> s.updateNetwork(
        UpdateNetworkRequest.newBuilder().setSandboxId(sandboxId).setNetwork(AdminMapping.network(network)).build())));
  }

  /** Whether admin calls carry an API key (else only a sandbox's own token can be used). */
  public boolean hasApiKey() {
    return calls.hasApiKey();
  }

  /** Resource use as the engine measures the sandbox's cgroup; works while it is paused. */
  public SandboxMetrics metrics(String sandboxId) {
    dev.soulbox.proto.orchestrator.v1.SandboxMetrics m = call("read metrics of sandbox " + sandboxId, sandboxId,
        s -> s.getMetrics(GetMetricsRequest.newBuilder().setSandboxId(sandboxId).build()));
    return AdminMapping.metrics(m);
  }

  /** The log so far (not following it). */
  public List<LogEntry> logs(String sandboxId) {
    return call("read logs of sandbox " + sandboxId, sandboxId, s -> {
      List<LogEntry> entries = new ArrayList<>();
      s.streamLogs(StreamLogsRequest.newBuilder().setSandboxId(sandboxId).setFollow(false).build())
          .forEachRemaining(e -> entries.add(AdminMapping.log(e)));
      return entries;
    });
  }

  /** The log so far, then new entries as they come, until the sandbox ends or the thread is interrupted. */
  public void followLogs(String sandboxId, Consumer<LogEntry> onEntry) {
    requireNonNull(onEntry, "onEntry");
    String action = "follow logs of sandbox " + sandboxId;
    Context.CancellableContext context = Context.current().withCancellation();
    Context previous = context.attach();
    try {
      Iterator<dev.soulbox.proto.orchestrator.v1.LogEntry> entries = calls.stub(SandboxServiceGrpc::newBlockingStub)
          .streamLogs(StreamLogsRequest.newBuilder().setSandboxId(sandboxId).setFollow(true).build());
      while (entries.hasNext()) {
        onEntry.accept(AdminMapping.log(entries.next()));
      }
    } catch (StatusRuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
      throw calls.failure(e, action, sandboxId);
    } finally {
      context.detach(previous);
      context.cancel(null);
    }
  }

  public URI exposePort(String sandboxId, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
    }
    String url = call("expose port " + port + " of sandbox " + sandboxId, sandboxId, s -> s.exposePort(
        ExposePortRequest.newBuilder().setSandboxId(sandboxId).setPort(port).build())).getUrl();
    return URI.create(url);
  }

  private <T> T call(String action, String sandboxId, Function<SandboxServiceGrpc.SandboxServiceBlockingStub, T> rpc) {
    var stub = calls.shortCall(SandboxServiceGrpc::newBlockingStub);
    try {
      return rpc.apply(stub);
    } catch (StatusRuntimeException e) {
      throw calls.failure(e, action, sandboxId);
    }
  }

  private static Found found(Sandbox s) {
    return new Found(AdminMapping.info(s), s.getEnvdAccessToken().isEmpty() ? null : s.getEnvdAccessToken());
  }
}
