package dev.soulbox.grpc.stream;

import dev.soulbox.grpc.StatusMapping;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends a {@link StreamSource}'s messages on a server-streaming call: its opening message, then
 * what it has only while the client can take more ({@code isReady} back-pressure), then its
 * closing message, or the status of its failure; keepalives while idle, when asked for. A client
 * that cancels only detaches: the source is closed, nothing it reads from is ended.
 *
 * <pre>{@code
 * ServerStream.of(out, source).keepalive(Keepalive.interval(), scheduler).begin();
 * }</pre>
 */
public final class ServerStream<T> {
  private final ServerCallStreamObserver<T> out;
  private final StreamSource<T> source;
  private final Drain drain = new Drain(this::drainOnce);
  private Duration keepaliveInterval;
  private ScheduledExecutorService scheduler;
  private int onReadyThreshold;
  private boolean opened;
  private volatile boolean done;
  private volatile boolean keepaliveDue;
  private volatile long lastSentNanos = System.nanoTime();
  private volatile ScheduledFuture<?> keepalive;

  private ServerStream(ServerCallStreamObserver<T> out, StreamSource<T> source) {
    this.out = Objects.requireNonNull(out, "out");
    this.source = Objects.requireNonNull(source, "source");
  }

  public static <T> ServerStream<T> of(ServerCallStreamObserver<T> out, StreamSource<T> source) {
    return new ServerStream<>(out, source);
  }

  /** Sends the source's keepalive once the stream has been silent for {@code interval}. */
  public ServerStream<T> keepalive(Duration interval, ScheduledExecutorService scheduler) {
    this.keepaliveInterval = Objects.requireNonNull(interval, "interval");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    return this;
  }

  /**
   * Bytes gRPC may queue before {@code isReady()} turns false; several messages' worth keeps a
   * fast stream from sending one message per round trip.
   */
  public ServerStream<T> onReadyThreshold(int bytes) {
    this.onReadyThreshold = bytes;
    return this;
  }

  /** Starts sending. Must run inside the RPC's handler method, where flow-control handlers can still be set. */
  public void begin() {
    out.setOnCancelHandler(this::finish);
    if (onReadyThreshold > 0) {
      out.setOnReadyThreshold(onReadyThreshold);
    }
    out.setOnReadyHandler(drain::request);
    source.onAvailable(drain::request);
    if (keepaliveInterval != null) {
      scheduleKeepalive(keepaliveInterval.toNanos());
    }
    drain.request();
  }

  private void scheduleKeepalive(long intervalNanos) {
    keepalive = scheduler.scheduleAtFixedRate(() -> {
      if (System.nanoTime() - lastSentNanos >= intervalNanos) {
        keepaliveDue = true;
        drain.request();
      }
    }, intervalNanos, intervalNanos / 2, TimeUnit.NANOSECONDS);
    if (done) {
      keepalive.cancel(false);
    }
  }

  private void drainOnce() {
    if (done) {
      return;
    }
    try {
      if (!opened) {
        opened = true;
        sendIfAny(source.opening());
      }
      if (failIfFailed()) {
        return;
      }
      T message;
      while (out.isReady() && (message = source.next()) != null) {
        send(message);
      }
      if (failIfFailed()) {
        return;
      }
      if (source.exhausted()) {
        sendIfAny(source.closing());
        finish();
        out.onCompleted();
        return;
      }
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    if (keepaliveDue && out.isReady()) {
      keepaliveDue = false;
      sendIfAny(source.keepalive());
    }
  }

  private boolean failIfFailed() {
    RuntimeException failure = source.failure();
    if (failure == null) {
      return false;
    }
    fail(failure);
    return true;
  }

  private void fail(RuntimeException failure) {
    finish();
    out.onError(StatusMapping.toException(failure));
  }

  private void sendIfAny(T message) {
    if (message != null) {
      send(message);
    }
  }

  private void send(T message) {
    out.onNext(message);
    lastSentNanos = System.nanoTime();
  }

  /** The client is gone or the stream is over: stop, and let the source go. Runs once. */
  private void finish() {
    synchronized (this) {
      if (done) {
        return;
      }
      done = true;
    }
    ScheduledFuture<?> k = keepalive;
    if (k != null) {
      k.cancel(false);
    }
    source.close();
  }
}
