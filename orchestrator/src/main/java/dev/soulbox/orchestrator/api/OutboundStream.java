package dev.soulbox.orchestrator.api;

import dev.soulbox.grpc.StatusMapping;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The sending side of a server stream fed by other threads: messages wait in a queue and are sent
 * only while the client is ready. Producers of bulk messages block once {@code capacity} of them
 * wait, for at most the slow-client timeout; then the call fails with RESOURCE_EXHAUSTED.
 */
final class OutboundStream<T> {
  private static final long SLOW_CLIENT_SECONDS = 30;

  private record Item<T>(T message, boolean bulk) {}

  private final ServerCallStreamObserver<T> out;
  private final ConcurrentLinkedQueue<Item<T>> queue = new ConcurrentLinkedQueue<>();
  private final Semaphore bulkPermits;
  private final int capacity;
  private volatile boolean cancelled;
  private volatile Runnable onCancel = () -> {};
  private boolean finishing; // guarded by this
  private boolean closed; // guarded by this
  private Throwable error; // guarded by this

  OutboundStream(ServerCallStreamObserver<T> out, int capacity) {
    this.out = out;
    this.capacity = capacity;
    this.bulkPermits = new Semaphore(capacity);
    out.setOnReadyHandler(this::drain);
    out.setOnCancelHandler(this::stop);
  }

  /** Runs {@code action} once if the client cancels or goes away, or the stream is aborted. */
  void onCancel(Runnable action) {
    this.onCancel = action;
    if (cancelled) {
      action.run();
    }
  }

  private void stop() {
    cancelled = true;
    bulkPermits.release(capacity); // wake producers: what they send now is dropped
    onCancel.run();
  }

  boolean isCancelled() {
    return cancelled;
  }

  /** Queues a message that is small and rare (never blocks). */
  void send(T message) {
    queue.add(new Item<>(message, false));
    drain();
  }

  /** Queues a message of a possibly endless series; blocks while the client is slow. */
  void sendBulk(T message) {
    if (cancelled) {
      return;
    }
    try {
      if (!bulkPermits.tryAcquire(SLOW_CLIENT_SECONDS, TimeUnit.SECONDS)) {
        abort(Status.RESOURCE_EXHAUSTED.withDescription("the client read nothing for " + SLOW_CLIENT_SECONDS
            + " s; stream closed"));
        return;
      }
      if (cancelled) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    queue.add(new Item<>(message, true));
    drain();
  }

  /** Ends the stream after what is queued: normally when {@code failure} is null. */
  void finish(Throwable failure) {
    synchronized (this) {
      if (finishing) {
        return;
      }
      finishing = true;
      error = failure;
    }
    drain();
  }

  /** Ends the stream now, dropping what is queued. */
  private void abort(Status status) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.clear();
      out.onError(status.asRuntimeException());
    }
    stop();
  }

  synchronized void drain() {
    if (closed || cancelled) {
      return;
    }
    Item<T> item;
    while (out.isReady() && (item = queue.poll()) != null) {
      out.onNext(item.message());
      if (item.bulk()) {
        bulkPermits.release();
      }
    }
    if (finishing && queue.isEmpty()) {
      closed = true;
      if (error == null) {
        out.onCompleted();
      } else {
        out.onError(StatusMapping.toException(error));
      }
    }
  }
}
