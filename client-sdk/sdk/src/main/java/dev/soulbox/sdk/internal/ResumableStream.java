package dev.soulbox.sdk.internal;

import dev.soulbox.sdk.SoulBoxException;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A server stream kept flowing across dropped connections: when its call breaks in a way that
 * can be resumed, a new call is opened after a {@link Backoff} delay; a call that hears nothing
 * (not even a keepalive) for the idle timeout is cancelled and resumed the same way. What a call
 * resumes from (an output offset, a watched path) is the {@link Resumable}'s business. Only the
 * current call's responses count; its callbacks never overlap with a stale call's.
 */
final class ResumableStream<R> implements AutoCloseable {
  /** What one kind of stream does; every method but {@link #open} and {@link #failed} runs under the stream's lock. */
  interface Resumable<R> {
    /** Opens a call: the first one, or one that resumes the stream; its responses go to {@code responses}. */
    void open(StreamObserver<R> responses);

    /**
     * Takes in a response of the current call; returns what to tell the user once the lock is
     * released, or null. {@link Control#healthy} and {@link Control#finish} may be called from here.
     */
    Runnable accept(R response, Control control);

    /** The failure to end with when the call broke with {@code cause}, or null when the stream can be resumed. */
    SoulBoxException unresumable(Throwable cause);

    /** The failure to end with when resuming gave up; {@code closing}: the client is shutting down. */
    SoulBoxException gaveUp(Throwable cause, Backoff backoff, boolean closing);

    /** Tells the user the stream failed; runs at most once, outside the lock. */
    void failed(SoulBoxException failure);
  }

  /** What a {@link Resumable} may do to its stream while taking in a response. */
  interface Control {
    /** The connection works: the next failure starts a fresh count of attempts. */
    void healthy();

    /** The stream is over (its last response came); true for the caller that ended it. */
    boolean finish();
  }

  private static final System.Logger log = System.getLogger(ResumableStream.class.getName());

  private final SandboxChannel sandbox;
  private final Resumable<R> resumable;
  private final Backoff backoff;
  private final IdleTimer idle;
  private final Object lock = new Object();
  private final Control control = new Control() {
    @Override public void healthy() { backoff.reset(); }
    @Override public boolean finish() { return end(); }
  };
  private int generation;
  private boolean ended;
  private SoulBoxException failure;
  private ClientCallStreamObserver<?> call;
  private ScheduledFuture<?> retry;

  private ResumableStream(SandboxChannel sandbox, Resumable<R> resumable) {
    this.sandbox = sandbox;
    this.resumable = resumable;
    this.backoff = new Backoff(sandbox.settings().reconnect());
    this.idle = new IdleTimer(sandbox.scheduler(), sandbox.settings().idleTimeout(), this::cancelSilentCall);
  }

  /** Opens the stream's first call. */
  static <R> ResumableStream<R> open(SandboxChannel sandbox, Resumable<R> resumable) {
    ResumableStream<R> stream = new ResumableStream<>(sandbox, resumable);
    stream.subscribe(false);
    return stream;
  }

  private void subscribe(boolean resuming) {
    int g;
    synchronized (lock) {
      if (ended) {
        return;
      }
      g = ++generation;
      idle.heard();
    }
    if (resuming) {
      sandbox.transport().reconnectNow();
    }
    resumable.open(new Attempt(g));
  }

  private void onResponse(int g, R response) {
    Runnable tell;
    synchronized (lock) {
      if (ended || g != generation) {
        return;
      }
      tell = resumable.accept(response, control);
    }
    if (tell != null) {
      tell.run();
    }
  }

  private void onBroken(int g, Throwable cause) {
    SoulBoxException failure;
    synchronized (lock) {
      if (ended || g != generation) {
        return;
      }
      call = null;
      failure = resumable.unresumable(cause);
      if (failure == null) {
        Optional<Duration> delay = backoff.next();
        if (delay.isPresent() && scheduleResume(delay.get())) {
          log.log(System.Logger.Level.DEBUG, "stream broke ({0}); resuming", Status.fromThrowable(cause));
          return;
        }
        failure = resumable.gaveUp(cause, backoff, delay.isPresent());
      }
      this.failure = failure;
      end();
    }
    resumable.failed(failure);
  }

  /** Under the lock; false when the client is closed and nothing can be scheduled any more. */
  private boolean scheduleResume(Duration delay) {
    try {
      retry = sandbox.scheduler().schedule(() -> subscribe(true), delay.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  private void cancelSilentCall() {
    ClientCallStreamObserver<?> c;
    synchronized (lock) {
      c = ended ? null : call;
    }
    if (c != null) {
      sandbox.transport().abandonConnection();
      c.cancel("no event or keepalive for " + idle.limit().toMillis() + " ms", null);
    }
  }

  boolean isActive() {
    synchronized (lock) {
      return !ended;
    }
  }

  /** Why the stream ended, when it failed. */
  Optional<SoulBoxException> failure() {
    synchronized (lock) {
      return Optional.ofNullable(failure);
    }
  }

  /** Stops listening; no {@link Resumable} call follows. What the stream follows goes on. Idempotent. */
  @Override
  public void close() {
    ClientCallStreamObserver<?> c;
    synchronized (lock) {
      if (!end()) {
        return;
      }
      c = call;
    }
    if (c != null) {
      c.cancel("the client stopped listening", null);
    }
  }

  /** Marks the stream ended and stops its timers; true for the caller that did it. */
  private boolean end() {
    synchronized (lock) {
      if (ended) {
        return false;
      }
      ended = true;
      idle.stop();
      if (retry != null) {
        retry.cancel(false);
      }
      return true;
    }
  }

  /** One call of the stream; its callbacks count only while it is the current call. */
  private final class Attempt implements ClientResponseObserver<Object, R> {
    private final int generation;

    Attempt(int generation) {
      this.generation = generation;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Object> requestStream) {
      synchronized (lock) {
        if (this.generation == ResumableStream.this.generation) {
          call = requestStream;
        }
      }
    }

    @Override
    public void onNext(R response) {
      idle.heard();
      onResponse(generation, response);
    }

    @Override
    public void onError(Throwable t) {
      onBroken(generation, t);
    }

    @Override
    public void onCompleted() {
      onBroken(generation, Status.UNAVAILABLE.withDescription("the stream ended").asRuntimeException());
    }
  }
}
