package dev.soulbox.agent.watch;

import dev.soulbox.agent.stream.Drain;
import dev.soulbox.agent.stream.Keepalive;
import dev.soulbox.grpc.StatusMapping;
import dev.soulbox.proto.filesystem.FilesystemEvent;
import dev.soulbox.proto.filesystem.WatchDirResponse;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One WatchDir stream: start, then the watch's events while the client can take them, and
 * keepalives while idle. The watch lives exactly as long as the stream: a cancel or deadline
 * closes it.
 */
public final class WatchDirCall {
  private static final WatchDirResponse START =
      WatchDirResponse.newBuilder().setStart(WatchDirResponse.StartEvent.getDefaultInstance()).build();
  private static final WatchDirResponse KEEPALIVE =
      WatchDirResponse.newBuilder().setKeepalive(WatchDirResponse.KeepAlive.getDefaultInstance()).build();

  private final WatcherRegistry registry;
  private final WatchSpec spec;
  private final ServerCallStreamObserver<WatchDirResponse> out;
  private final Drain drain = new Drain(this::drainOnce);
  private DirectoryWatch watch;
  private boolean startSent;
  private volatile boolean done;
  private volatile boolean keepaliveDue;
  private volatile long lastSentNanos = System.nanoTime();
  private volatile ScheduledFuture<?> keepalive;

  public WatchDirCall(WatcherRegistry registry, WatchSpec spec, ServerCallStreamObserver<WatchDirResponse> out) {
    this.registry = registry;
    this.spec = spec;
    this.out = out;
  }

  /** Must run inside the RPC's handler method; a bad path fails the call before anything is sent. */
  public void begin() {
    long keepaliveNanos = Keepalive.interval().toNanos();
    watch = registry.openStreamed(spec);
    out.setOnCancelHandler(this::finish);
    out.setOnReadyHandler(drain::request);
    watch.onAvailable(drain::request);
    keepalive = registry.scheduler().scheduleAtFixedRate(() -> {
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
      send(START);
    }
    while (out.isReady()) {
      FilesystemEvent event = watch.poll();
      if (event == null) {
        break;
      }
      send(WatchDirResponse.newBuilder().setFilesystem(event).build());
    }
    RuntimeException failure = watch.failure();
    if (failure != null) {
      finish();
      out.onError(StatusMapping.toException(failure));
      return;
    }
    if (keepaliveDue && out.isReady()) {
      keepaliveDue = false;
      send(KEEPALIVE);
    }
  }

  private void send(WatchDirResponse response) {
    out.onNext(response);
    lastSentNanos = System.nanoTime();
  }

  private void finish() {
    done = true;
    if (keepalive != null) {
      keepalive.cancel(false);
    }
    registry.release(watch);
  }
}
