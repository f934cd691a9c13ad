package dev.soulbox.agent.process;

import dev.soulbox.agent.stream.Drain;
import dev.soulbox.grpc.StatusMapping;
import dev.soulbox.proto.process.ProcessEvent;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends one process's events to one client: start, data while the client can take it, end once
 * all output is delivered, and keepalives while idle. Used by Start, Connect and Attach, which
 * differ only in their envelope and where in the output they begin.
 */
final class ProcessEventStream<T> {
  /** Envelope for an event; {@code offset} is the output offset the event refers to. */
  interface Envelope<T> {
    T wrap(ProcessEvent event, long offset);
  }

  static final int MAX_DATA_BYTES = 256 * 1024;
  /** Bytes gRPC may queue before isReady() turns false: several messages, so the drain loop is not a ping-pong. */
  private static final int ON_READY_THRESHOLD = 1 << 20;

  private final ManagedProcess process;
  private final OutputBuffer.Subscription subscription;
  private final ServerCallStreamObserver<T> out;
  private final Envelope<T> envelope;
  private final Drain drain = new Drain(this::drainOnce);
  private final long keepaliveNanos;
  private volatile long lastSentNanos = System.nanoTime();
  private volatile boolean keepaliveDue;
  private boolean startSent;
  private volatile boolean done;
  private volatile ScheduledFuture<?> keepalive;

  ProcessEventStream(ManagedProcess process, OutputBuffer.Subscription subscription,
                     ServerCallStreamObserver<T> out, Envelope<T> envelope, Duration keepaliveInterval) {
    this.process = process;
    this.subscription = subscription;
    this.out = out;
    this.envelope = envelope;
    this.keepaliveNanos = keepaliveInterval.toNanos();
  }

  /** Must run inside the RPC's handler method, where flow-control handlers can still be set. */
  void begin(ScheduledExecutorService scheduler) {
    out.setOnCancelHandler(this::detach);
    out.setOnReadyThreshold(ON_READY_THRESHOLD);
    out.setOnReadyHandler(drain::request);
    subscription.onAvailable(drain::request);
    keepalive = scheduler.scheduleAtFixedRate(() -> {
      if (System.nanoTime() - lastSentNanos >= keepaliveNanos) {
        keepaliveDue = true;
        drain.request();
      }
    }, keepaliveNanos, keepaliveNanos / 2, TimeUnit.NANOSECONDS);
    if (done) {
      keepalive.cancel(false);
    }
    drain.request();
  }

  private void drainOnce() {
    if (done) {
      return;
    }
    if (!startSent) {
      startSent = true;
      send(ProcessEvents.start(process.pid()), subscription.cursor());
    }
    RuntimeException failure = subscription.failure();
    if (failure != null) {
      detach();
      out.onError(StatusMapping.toException(failure));
      return;
    }
    while (out.isReady()) {
      OutputBuffer.Chunk chunk = subscription.poll(MAX_DATA_BYTES);
      if (chunk == null) {
        break;
      }
      send(ProcessEvents.data(chunk), chunk.offset());
    }
    if (subscription.finished()) {
      send(ProcessEvents.end(process.exitStatus()), subscription.cursor());
      detach();
      out.onCompleted();
      return;
    }
    if (keepaliveDue && out.isReady()) {
      keepaliveDue = false;
      send(ProcessEvents.keepalive(), subscription.cursor());
    }
  }

  private void send(ProcessEvent event, long offset) {
    out.onNext(envelope.wrap(event, offset));
    lastSentNanos = System.nanoTime();
  }

  /** The client is gone or the stream is over: stop reading, but leave the process alone. */
  private void detach() {
    done = true;
    subscription.close();
    if (keepalive != null) {
      keepalive.cancel(false);
    }
  }
}
