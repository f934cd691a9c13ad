package dev.soulbox.orchestrator.proxy;

import dev.soulbox.orchestrator.lifecycle.SandboxDirectory;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.runtime.SandboxEndpoint;
import dev.soulbox.orchestrator.runtime.SandboxState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The agent calls on the orchestrator's gRPC port: every call to {@code process.Process},
 * {@code filesystem.Filesystem} or {@code soulbox.agent.v1.*} goes, as raw frames, to the agent of
 * the sandbox named by the {@code sandbox-id} (or {@code e2b-sandbox-id}) metadata. Streams in both
 * directions, deadlines, cancellation, metadata and status pass through.
 *
 * <p>Add {@link #services()} to the server next to the admin services and reflection, and let that
 * server take messages of up to {@link #MAX_MESSAGE_BYTES}: frames are relayed whole. Calls go over
 * the sandbox's channel in {@link AgentChannels}, which the proxy empties when a sandbox goes and when
 * it closes.
 */
public final class AgentProxy implements AutoCloseable {
  /** The largest message relayed either way, well above anything the agent sends or accepts. */
  public static final int MAX_MESSAGE_BYTES = 64 << 20;
  static final Executor DIRECT = Runnable::run;

  private final SandboxDirectory directory;
  private final AgentChannels channels;
  private final Set<RelayCall> active = ConcurrentHashMap.newKeySet();
  private final Metrics.Counter calls;
  private volatile boolean closed;

  public AgentProxy(SandboxDirectory directory, AgentChannels channels, Metrics metrics) {
    this.directory = directory;
    this.channels = channels;
    this.calls = metrics.counter("soulbox_proxied_calls_total", "Agent calls relayed by the proxy, by service and status.");
    metrics.gauge("soulbox_proxied_calls_active", "Agent calls being relayed now.",
        () -> Map.of("", (double) active.size()));
    directory.onRemoved(this::sandboxRemoved);
  }

  /** The agent's services, each method relayed; names and schemas are the generated ones, so reflection lists them. */
  public List<ServerServiceDefinition> services() {
    return AgentServices.RELAYED.stream().map(this::relayed).toList();
  }

  /**
   * Where the server runs a call's listener: a relayed call on the transport's own thread (it only hands
   * frames from one Netty channel to another and never blocks), which spares two thread hand-offs per
   * message each way; every other call on the server's executor ({@code null}).
   */
  public static final ServerCallExecutorSupplier CALL_EXECUTORS = new ServerCallExecutorSupplier() {
    @Override
    public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata headers) {
      return AgentServices.isRelayed(call.getMethodDescriptor().getServiceName()) ? DIRECT : null;
    }
  };

  /** Any generated service, relayed to the agent. */
  ServerServiceDefinition relayed(ServiceDescriptor generated) {
    return AgentServices.relayed(generated, this::startCall);
  }

  private ServerCall.Listener<byte[]> startCall(ServerCall<byte[], byte[]> call, Metadata headers) {
    String sandboxId = ProxyHeaders.sandboxId(headers);
    if (sandboxId == null) {
      return refuse(call, Status.INVALID_ARGUMENT.withDescription("metadata sandbox-id is required for agent calls"));
    }
    Optional<SandboxEndpoint> sandbox = directory.find(sandboxId);
    if (sandbox.isEmpty()) {
      return refuse(call, Status.NOT_FOUND.withDescription("sandbox " + sandboxId + " not found"));
    }
    if (sandbox.get().state() == SandboxState.PAUSED) {
      return refuse(call, Status.UNAVAILABLE.withDescription("sandbox " + sandboxId + " is paused; resume it"));
    }
    Optional<ManagedChannel> agent = closed ? Optional.empty() : channels.forSandbox(sandboxId, sandbox.get().agent());
    if (agent.isEmpty()) {
      return refuse(call, shuttingDown());
    }
    RelayCall relay = new RelayCall(sandboxId, call, agent.get(), this::ended);
    active.add(relay);
    if (closed) {
      relay.abort(shuttingDown());
    }
    return relay.start(ProxyHeaders.forAgent(headers));
  }

  /** Calls being relayed now; each leaves as soon as its upstream call has closed. */
  int activeRelays() {
    return active.size();
  }

  Set<RelayCall> relays() {
    return Set.copyOf(active);
  }

  int openChannels() {
    return channels.size();
  }

  /** Ends every relayed call with UNAVAILABLE and shuts down every agent channel. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    active.forEach(relay -> relay.abort(shuttingDown()));
    channels.evictAll();
  }

  private void sandboxRemoved(String sandboxId) {
    Status gone = Status.UNAVAILABLE.withDescription("sandbox " + sandboxId + " is gone");
    active.stream().filter(r -> r.sandboxId().equals(sandboxId)).forEach(r -> r.abort(gone));
    channels.evict(sandboxId);
  }

  private void ended(RelayCall relay, Status status) {
    active.remove(relay);
    count(relay.service(), status);
  }

  private ServerCall.Listener<byte[]> refuse(ServerCall<byte[], byte[]> call, Status status) {
    count(call.getMethodDescriptor().getServiceName(), status);
    call.close(status, new Metadata());
    return new ServerCall.Listener<>() {};
  }

  private void count(String service, Status status) {
    calls.inc("service=\"" + service + "\",code=\"" + status.getCode() + "\"");
  }

  private static Status shuttingDown() {
    return Status.UNAVAILABLE.withDescription("the orchestrator is shutting down");
  }
}
