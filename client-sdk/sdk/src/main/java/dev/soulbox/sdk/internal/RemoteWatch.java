package dev.soulbox.sdk.internal;

import dev.soulbox.proto.filesystem.WatchDirRequest;
import dev.soulbox.proto.filesystem.WatchDirResponse;
import dev.soulbox.sdk.ConnectionLostException;
import dev.soulbox.sdk.FilesystemEvent;
import dev.soulbox.sdk.SoulBoxException;
import dev.soulbox.sdk.TimeoutException;
import dev.soulbox.sdk.WatchHandle;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A WatchDir stream that subscribes again (after a {@link Backoff} delay) when its connection
 * drops or the sandbox drops it for falling behind. Events during the gap are not replayed.
 */
final class RemoteWatch implements WatchHandle {
  private static final System.Logger log = System.getLogger(RemoteWatch.class.getName());

  private final SandboxChannel sandbox;
  private final WatchDirRequest request;
  private final Consumer<FilesystemEvent> onEvent;
  private final Backoff backoff;
  private final IdleTimer idle;
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final Object lock = new Object();
  private int generation;
  private boolean ended;
  private SoulBoxException failure;
  private ClientCallStreamObserver<?> call;
  private ScheduledFuture<?> retry;

  private RemoteWatch(SandboxChannel sandbox, WatchDirRequest request, Consumer<FilesystemEvent> onEvent) {
    this.sandbox = sandbox;
    this.request = request;
    this.onEvent = onEvent;
    this.backoff = new Backoff(sandbox.settings().reconnect());
    this.idle = new IdleTimer(sandbox.scheduler(), sandbox.settings().idleTimeout(), this::cancelSilentCall);
  }

  /** Watches and returns once the sandbox confirms the watch is in place. */
  static RemoteWatch open(SandboxChannel sandbox, WatchDirRequest request, Consumer<FilesystemEvent> onEvent) {
    RemoteWatch w = new RemoteWatch(sandbox, request, onEvent);
    sandbox.register(w);
    w.subscribe();
    Duration timeout = sandbox.settings().requestTimeout();
    try {
      w.started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return w;
    } catch (ExecutionException e) {
      w.close();
      throw (SoulBoxException) e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      w.close();
      throw new TimeoutException("watch " + request.getPath() + ": not confirmed within "
          + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      w.close();
      Thread.currentThread().interrupt();
      throw new SoulBoxException("interrupted while starting a watch", e);
    }
  }

  private void subscribe() {
    int g;
    synchronized (lock) {
      if (ended) {
        return;
      }
      g = ++generation;
      idle.heard();
    }
    sandbox.transport().reconnectNow();
    sandbox.filesystemStream().watchDir(request, new Subscription(g));
  }

  private void onResponse(int g, WatchDirResponse r) {
    synchronized (lock) {
      if (ended || g != generation) {
        return;
      }
      if (r.hasStart()) {
        backoff.reset();
      }
    }
    if (r.hasStart()) {
      started.complete(null);
    } else if (r.hasFilesystem()) {
      FilesystemEvent event = Entries.event(r.getFilesystem());
      if (event != null) {
        deliver(event);
      }
    }
  }

  private void deliver(FilesystemEvent event) {
    try {
      onEvent.accept(event);
    } catch (RuntimeException e) {
      log.log(System.Logger.Level.WARNING, "a watch callback threw; the watch goes on", e);
    }
  }

  private void onBroken(int g, Throwable t) {
    synchronized (lock) {
      if (ended || g != generation) {
        return;
      }
      call = null;
      Status status = Status.fromThrowable(t);
      if (started.isDone() && StatusMapping.isTransient(status, sandbox.sandboxId())) {
        Optional<Duration> delay = backoff.next();
        if (delay.isPresent() && scheduleSubscribe(delay.get())) {
          log.log(System.Logger.Level.DEBUG, "watch {0} broke ({1}); subscribing again", request.getPath(), status);
          return;
        }
        failure = new ConnectionLostException("watch " + request.getPath() + ": lost the connection to sandbox "
            + sandbox.sandboxId() + " and could not get it back within " + backoff.sinceFirstFailure().toMillis()
            + " ms; watch again once it is reachable", t);
      } else {
        failure = sandbox.error(t, "watch " + request.getPath());
      }
      end();
    }
    started.completeExceptionally(failure);
  }

  /** Under the lock; false when the client is closed and nothing can be scheduled any more. */
  private boolean scheduleSubscribe(Duration delay) {
    try {
      retry = sandbox.scheduler().schedule(this::subscribe, delay.toNanos(), TimeUnit.NANOSECONDS);
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

  @Override
  public boolean isActive() {
    synchronized (lock) {
      return !ended;
    }
  }

  @Override
  public Optional<SoulBoxException> failure() {
    synchronized (lock) {
      return Optional.ofNullable(failure);
    }
  }

  @Override
  public void close() {
    ClientCallStreamObserver<?> c;
    synchronized (lock) {
      if (ended) {
        return;
      }
      end();
      c = call;
    }
    started.completeExceptionally(new SoulBoxException("the watch was closed"));
    if (c != null) {
      c.cancel("the watch was closed", null);
    }
  }

  /** Under the lock. */
  private void end() {
    ended = true;
    idle.stop();
    if (retry != null) {
      retry.cancel(false);
    }
    sandbox.unregister(this);
  }

  private final class Subscription implements ClientResponseObserver<WatchDirRequest, WatchDirResponse> {
    private final int generation;

    Subscription(int generation) {
      this.generation = generation;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchDirRequest> requestStream) {
      synchronized (lock) {
        call = requestStream;
      }
    }

    @Override
    public void onNext(WatchDirResponse value) {
      idle.heard();
      onResponse(generation, value);
    }

    @Override
    public void onError(Throwable t) {
      onBroken(generation, t);
    }

    @Override
    public void onCompleted() {
      onBroken(generation, Status.UNAVAILABLE.withDescription("the watch stream ended").asRuntimeException());
    }
  }
}
