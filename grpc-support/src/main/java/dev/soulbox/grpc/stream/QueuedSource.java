package dev.soulbox.grpc.stream;

import dev.soulbox.grpc.ResourceExhaustedException;
import dev.soulbox.grpc.StatusMapping;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A {@link StreamSource} that other threads push messages into. Small, rare messages never wait;
 * producers of a possibly endless series ({@link #offerBulk}) wait once {@code capacity} of them
 * are queued, and when the client has taken nothing for the slow-client timeout, the stream fails
 * with RESOURCE_EXHAUSTED and what is queued is dropped.
 */
public final class QueuedSource<T> implements StreamSource<T> {
  private record Item<T>(T message, boolean bulk) {}

  private final ConcurrentLinkedQueue<Item<T>> queue = new ConcurrentLinkedQueue<>();
  private final Semaphore bulkPermits;
  private final int capacity;
  private final Duration slowClientTimeout;
  private volatile Runnable wake = () -> { };
  private volatile Runnable onClose = () -> { };
  private volatile boolean closed;
  private volatile boolean finishing;
  private volatile RuntimeException failure;

  /** How long a producer of bulk messages waits for a client that reads nothing. */
  public static final Duration SLOW_CLIENT_TIMEOUT = Duration.ofSeconds(30);

  public QueuedSource(int capacity) {
    this(capacity, SLOW_CLIENT_TIMEOUT);
  }

  QueuedSource(int capacity, Duration slowClientTimeout) {
    this.capacity = capacity;
    this.slowClientTimeout = slowClientTimeout;
    this.bulkPermits = new Semaphore(capacity);
  }

  /** Runs {@code action} once the stream is over for any reason, at once if it already is. */
  public void onClose(Runnable action) {
    onClose = action;
    if (closed) {
      action.run();
    }
  }

  public boolean isClosed() {
    return closed;
  }

  /** Queues a message that is small and rare; never blocks. */
  public void offer(T message) {
    queue.add(new Item<>(message, false));
    wake.run();
  }

  /** Queues a message of a possibly endless series; blocks while the client is slow. Dropped once closed. */
  public void offerBulk(T message) {
    if (closed) {
      return;
    }
    try {
      if (!bulkPermits.tryAcquire(slowClientTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
        abort(new ResourceExhaustedException("the client read nothing for " + slowClientTimeout.toSeconds()
            + " s; stream closed"));
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (closed) {
      return;
    }
    queue.add(new Item<>(message, true));
    wake.run();
  }

  /** Ends the stream after what is queued: normally when {@code error} is null, else with its status. */
  public void finish(Throwable error) {
    if (error != null && failure == null) {
      failure = error instanceof RuntimeException r ? r : StatusMapping.toException(error);
    }
    finishing = true;
    wake.run();
  }

  /** Ends the stream now with {@code why}, dropping what is queued. */
  private void abort(RuntimeException why) {
    queue.clear();
    failure = why;
    finishing = true;
    wake.run();
  }

  @Override
  public T next() {
    Item<T> item = queue.poll();
    if (item == null) {
      return null;
    }
    if (item.bulk()) {
      bulkPermits.release();
    }
    return item.message();
  }

  @Override
  public RuntimeException failure() {
    return finishing && queue.isEmpty() ? failure : null;
  }

  @Override
  public boolean exhausted() {
    return finishing && queue.isEmpty();
  }

  @Override
  public void onAvailable(Runnable wake) {
    this.wake = wake;
  }

  @Override
  public void close() {
    closed = true;
    bulkPermits.release(capacity); // wake waiting producers: what they offer now is dropped
    onClose.run();
  }
}
