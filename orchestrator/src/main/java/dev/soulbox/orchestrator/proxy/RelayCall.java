package dev.soulbox.orchestrator.proxy;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * One call relayed between a client (downstream) and a sandbox's agent (upstream), frame by frame.
 * Each side is asked for one message at a time, and for the next only once the other side can
 * take it, so a slow reader holds back a fast writer instead of filling the proxy's memory.
 */
final class RelayCall {
  /** Bytes gRPC may queue on either side before isReady() turns false: a couple of the agent's 256 KiB messages. */
  static final int ON_READY_THRESHOLD = 512 * 1024;

  private final String sandboxId;
  private final ServerCall<byte[], byte[]> downstream;
  private final Context.CancellableContext context;
  private final ClientCall<byte[], byte[]> upstream;
  private final BiConsumer<RelayCall, Status> onEnd;
  private final Valve toAgent;
  private final Valve toClient;
  private volatile Status abortStatus;

  /** Must be made on the thread that starts the server call, whose context carries the client's deadline. */
  RelayCall(String sandboxId, ServerCall<byte[], byte[]> downstream, Channel agent, BiConsumer<RelayCall, Status> onEnd) {
    this.sandboxId = sandboxId;
    this.downstream = downstream;
    this.onEnd = onEnd;
    // a child of the server call's context: the client's cancel and deadline reach the upstream call through it
    this.context = Context.current().withCancellation();
    Deadline deadline = context.getDeadline();
    // the agent's side, like the client's, runs its listener on the transport's thread (see AgentProxy.CALL_EXECUTORS)
    CallOptions options = CallOptions.DEFAULT.withOnReadyThreshold(ON_READY_THRESHOLD).withExecutor(AgentProxy.DIRECT);
    Context previous = context.attach();
    try {
      this.upstream = agent.newCall(downstream.getMethodDescriptor(),
          deadline == null ? options : options.withDeadline(deadline));
    } finally {
      context.detach(previous);
    }
    this.toAgent = new Valve(upstream::isReady, downstream::request);
    this.toClient = new Valve(downstream::isReady, upstream::request);
  }

  ServerCall.Listener<byte[]> start(Metadata headers) {
    downstream.setOnReadyThreshold(ON_READY_THRESHOLD);
    upstream.start(new FromAgent(), headers);
    toClient.open();
    toAgent.open();
    return new FromClient();
  }

  /** Ends the call from the proxy's side; the client gets {@code status}. Safe from any thread. */
  void abort(Status status) {
    abortStatus = status;
    context.cancel(status.asRuntimeException());
  }

  String sandboxId() {
    return sandboxId;
  }

  String service() {
    return downstream.getMethodDescriptor().getServiceName();
  }

  /** Messages (and bytes) taken from the agent and sent to the client. */
  long responsesRelayed() {
    return toClient.messages.get();
  }

  long responseBytesRelayed() {
    return toClient.bytes.get();
  }

  /** How many responses the proxy has asked the agent for: never more than one ahead of those relayed. */
  long responsesRequested() {
    return toClient.requested.get();
  }

  private Status outcome(Status status) {
    Status aborted = abortStatus;
    if (aborted != null) {
      return aborted;
    }
    // the agent never answers UNAVAILABLE itself: it is the proxy's channel failing to reach it
    if (status.getCode() == Status.Code.UNAVAILABLE) {
      String reason = status.getCause() != null && status.getCause().getMessage() != null
          ? status.getCause().getMessage() : status.getDescription();
      return Status.UNAVAILABLE.withDescription("agent of sandbox " + sandboxId + " is unreachable: " + reason)
          .withCause(status.getCause());
    }
    return status;
  }

  /** The client's side: its messages, half-close and cancel go up. */
  private final class FromClient extends ServerCall.Listener<byte[]> {
    @Override
    public void onMessage(byte[] frame) {
      upstream.sendMessage(frame);
      toAgent.relayed(frame.length);
    }

    @Override
    public void onHalfClose() {
      upstream.halfClose();
    }

    @Override
    public void onCancel() {
      upstream.cancel("the client cancelled the call", null);
    }

    @Override
    public void onReady() {
      toClient.targetReady();
    }
  }

  /** The agent's side: headers, messages, trailers and status come down unchanged. */
  private final class FromAgent extends ClientCall.Listener<byte[]> {
    @Override
    public void onHeaders(Metadata headers) {
      downstream.sendHeaders(headers);
    }

    @Override
    public void onMessage(byte[] frame) {
      downstream.sendMessage(frame);
      toClient.relayed(frame.length);
    }

    @Override
    public void onReady() {
      toAgent.targetReady();
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      Status outcome = outcome(status);
      context.cancel(null);
      // accounted before the client can see the status
      onEnd.accept(RelayCall.this, outcome);
      downstream.close(outcome, trailers);
    }
  }

  /**
   * One direction of the relay: asks its source for the next message once the target has taken the
   * last. Readiness is checked under the lock, so an onReady that races a not-ready answer is never lost.
   */
  private static final class Valve {
    private final BooleanSupplier targetIsReady;
    private final IntConsumer source;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong requested = new AtomicLong();
    private boolean waiting;

    Valve(BooleanSupplier targetIsReady, IntConsumer source) {
      this.targetIsReady = targetIsReady;
      this.source = source;
    }

    void open() {
      requestNext();
    }

    synchronized void relayed(int size) {
      messages.incrementAndGet();
      bytes.addAndGet(size);
      if (targetIsReady.getAsBoolean()) {
        requestNext();
      } else {
        waiting = true;
      }
    }

    synchronized void targetReady() {
      if (waiting && targetIsReady.getAsBoolean()) {
        waiting = false;
        requestNext();
      }
    }

    private void requestNext() {
      requested.incrementAndGet();
      source.accept(1);
    }
  }
}
