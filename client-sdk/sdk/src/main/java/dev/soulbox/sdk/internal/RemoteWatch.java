package dev.soulbox.sdk.internal;

import dev.soulbox.proto.filesystem.WatchDirRequest;
import dev.soulbox.proto.filesystem.WatchDirResponse;
import dev.soulbox.sdk.ConnectionLostException;
import dev.soulbox.sdk.FilesystemEvent;
import dev.soulbox.sdk.SoulBoxException;
import dev.soulbox.sdk.TimeoutException;
import dev.soulbox.sdk.WatchHandle;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A WatchDir stream that subscribes again when its connection drops or the sandbox drops it for
 * falling behind. Events during the gap are not replayed.
 */
final class RemoteWatch implements WatchHandle, ResumableStream.Resumable<WatchDirResponse> {
  private static final System.Logger log = System.getLogger(RemoteWatch.class.getName());

  private final SandboxChannel sandbox;
  private final WatchDirRequest request;
  private final Consumer<FilesystemEvent> onEvent;
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private ResumableStream<WatchDirResponse> stream;

  private RemoteWatch(SandboxChannel sandbox, WatchDirRequest request, Consumer<FilesystemEvent> onEvent) {
    this.sandbox = sandbox;
    this.request = request;
    this.onEvent = onEvent;
  }

  /** Watches and returns once the sandbox confirms the watch is in place. */
  static RemoteWatch open(SandboxChannel sandbox, WatchDirRequest request, Consumer<FilesystemEvent> onEvent) {
    RemoteWatch w = new RemoteWatch(sandbox, request, onEvent);
    sandbox.register(w);
    w.stream = ResumableStream.open(sandbox, w);
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

  @Override
  public void open(StreamObserver<WatchDirResponse> responses) {
    sandbox.filesystemStream().watchDir(request, responses);
  }

  @Override
  public Runnable accept(WatchDirResponse r, ResumableStream.Control control) {
    if (r.hasStart()) {
      control.healthy();
      return () -> started.complete(null);
    }
    FilesystemEvent event = r.hasFilesystem() ? Entries.event(r.getFilesystem()) : null;
    return event == null ? null : () -> deliver(event);
  }

  private void deliver(FilesystemEvent event) {
    try {
      onEvent.accept(event);
    } catch (RuntimeException e) {
      log.log(System.Logger.Level.WARNING, "a watch callback threw; the watch goes on", e);
    }
  }

  @Override
  public SoulBoxException unresumable(Throwable cause) {
    if (started.isDone() && StatusMapping.isTransient(Status.fromThrowable(cause), sandbox.sandboxId())) {
      return null;
    }
    return sandbox.error(cause, "watch " + request.getPath());
  }

  @Override
  public SoulBoxException gaveUp(Throwable cause, Backoff backoff, boolean closing) {
    return new ConnectionLostException("watch " + request.getPath() + ": lost the connection to sandbox "
        + sandbox.sandboxId() + " and could not get it back within " + backoff.sinceFirstFailure().toMillis()
        + " ms; watch again once it is reachable", cause);
  }

  @Override
  public void failed(SoulBoxException why) {
    sandbox.unregister(this);
    started.completeExceptionally(why);
  }

  @Override
  public boolean isActive() {
    return stream.isActive();
  }

  @Override
  public Optional<SoulBoxException> failure() {
    return stream.failure();
  }

  @Override
  public void close() {
    stream.close();
    sandbox.unregister(this);
    started.completeExceptionally(new SoulBoxException("the watch was closed"));
  }
}
