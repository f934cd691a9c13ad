package dev.soulbox.agent.watch;

import dev.soulbox.grpc.stream.Keepalive;
import dev.soulbox.grpc.stream.ServerStream;
import dev.soulbox.grpc.stream.StreamSource;
import dev.soulbox.proto.filesystem.FilesystemEvent;
import dev.soulbox.proto.filesystem.WatchDirResponse;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * One WatchDir stream: start, then the watch's events while the client can take them, and
 * keepalives while idle. The watch lives exactly as long as the stream: a cancel or deadline
 * closes it.
 */
public final class WatchDirCall implements StreamSource<WatchDirResponse> {
  private static final WatchDirResponse START =
      WatchDirResponse.newBuilder().setStart(WatchDirResponse.StartEvent.getDefaultInstance()).build();
  private static final WatchDirResponse KEEPALIVE =
      WatchDirResponse.newBuilder().setKeepalive(WatchDirResponse.KeepAlive.getDefaultInstance()).build();

  private final WatcherRegistry registry;
  private final DirectoryWatch watch;

  private WatchDirCall(WatcherRegistry registry, DirectoryWatch watch) {
    this.registry = registry;
    this.watch = watch;
  }

  /** Must run inside the RPC's handler method; a bad path fails the call before anything is sent. */
  public static void begin(WatcherRegistry registry, WatchSpec spec, ServerCallStreamObserver<WatchDirResponse> out) {
    WatchDirCall call = new WatchDirCall(registry, registry.openStreamed(spec));
    ServerStream.of(out, call).keepalive(Keepalive.interval(), registry.scheduler()).begin();
  }

  @Override
  public WatchDirResponse opening() {
    return START;
  }

  @Override
  public WatchDirResponse next() {
    FilesystemEvent event = watch.poll();
    return event == null ? null : WatchDirResponse.newBuilder().setFilesystem(event).build();
  }

  @Override
  public RuntimeException failure() {
    return watch.failure();
  }

  @Override
  public boolean exhausted() {
    return false; // a watch ends only by failing or by its client leaving
  }

  @Override
  public WatchDirResponse keepalive() {
    return KEEPALIVE;
  }

  @Override
  public void onAvailable(Runnable wake) {
    watch.onAvailable(wake);
  }

  @Override
  public void close() {
    registry.release(watch);
  }
}
