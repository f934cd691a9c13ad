package dev.soulbox.agent.process;

import dev.soulbox.grpc.stream.Keepalive;
import dev.soulbox.grpc.stream.ServerStream;
import dev.soulbox.grpc.stream.StreamSource;
import dev.soulbox.proto.process.ProcessEvent;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One process's events for one client: start, its output from where the subscription begins,
 * end once all of it is delivered, keepalives while idle. Start, Connect and Attach use it and
 * differ only in their envelope and where in the output they begin.
 */
final class ProcessEventSource<T> implements StreamSource<T> {
  /** Envelope for an event; {@code offset} is the output offset the event refers to. */
  interface Envelope<T> {
    T wrap(ProcessEvent event, long offset);
  }

  static final int MAX_DATA_BYTES = 256 * 1024;
  /** Bytes gRPC may queue before isReady() turns false: several messages, so the drain loop is not a ping-pong. */
  private static final int ON_READY_THRESHOLD = 1 << 20;

  private final ManagedProcess process;
  private final OutputBuffer.Subscription subscription;
  private final Envelope<T> envelope;

  private ProcessEventSource(ManagedProcess process, OutputBuffer.Subscription subscription, Envelope<T> envelope) {
    this.process = process;
    this.subscription = subscription;
    this.envelope = envelope;
  }

  /** Streams {@code process}'s events, read through {@code subscription}, to {@code out}; runs in the RPC's handler. */
  static <T> void stream(ManagedProcess process, OutputBuffer.Subscription subscription,
                         ServerCallStreamObserver<T> out, Envelope<T> envelope, ScheduledExecutorService scheduler) {
    ServerStream.of(out, new ProcessEventSource<>(process, subscription, envelope))
        .keepalive(Keepalive.interval(), scheduler)
        .onReadyThreshold(ON_READY_THRESHOLD)
        .begin();
  }

  @Override
  public T opening() {
    return envelope.wrap(ProcessEvents.start(process.pid()), subscription.cursor());
  }

  @Override
  public T next() {
    OutputBuffer.Chunk chunk = subscription.poll(MAX_DATA_BYTES);
    return chunk == null ? null : envelope.wrap(ProcessEvents.data(chunk), chunk.offset());
  }

  @Override
  public RuntimeException failure() {
    return subscription.failure();
  }

  @Override
  public boolean exhausted() {
    return subscription.finished();
  }

  @Override
  public T closing() {
    return envelope.wrap(ProcessEvents.end(process.exitStatus()), subscription.cursor());
  }

  @Override
  public T keepalive() {
    return envelope.wrap(ProcessEvents.keepalive(), subscription.cursor());
  }

  @Override
  public void onAvailable(Runnable wake) {
    subscription.onAvailable(wake);
  }

  @Override
  public void close() {
    subscription.close();
  }
}
