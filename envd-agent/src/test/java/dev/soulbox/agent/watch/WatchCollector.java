package dev.soulbox.agent.watch;

import dev.soulbox.proto.filesystem.EventType;
import dev.soulbox.proto.filesystem.FilesystemEvent;
import dev.soulbox.proto.filesystem.WatchDirRequest;
import dev.soulbox.proto.filesystem.WatchDirResponse;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what a WatchDir stream delivers; optionally reads nothing after the start event. */
final class WatchCollector implements ClientResponseObserver<WatchDirRequest, WatchDirResponse> {
  final List<WatchDirResponse> responses = new CopyOnWriteArrayList<>();
  private final boolean stalled;
  private volatile ClientCallStreamObserver<WatchDirRequest> call;
  private volatile Throwable error;
  private volatile boolean completed;

  WatchCollector(boolean stalled) {
    this.stalled = stalled;
  }

  WatchCollector() {
    this(false);
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<WatchDirRequest> call) {
    this.call = call;
    if (stalled) {
      call.disableAutoRequestWithInitial(1);
    }
  }

  @Override
  public void onNext(WatchDirResponse response) {
    responses.add(response);
  }

  @Override
  public void onError(Throwable t) {
    error = t;
  }

  @Override
  public void onCompleted() {
    completed = true;
  }

  void cancel() {
    call.cancel("test is done", null);
  }

  boolean started() {
    return !responses.isEmpty() && responses.get(0).hasStart();
  }

  boolean ended() {
    return error != null || completed;
  }

  Status status() {
    return error == null ? null : Status.fromThrowable(error);
  }

  List<FilesystemEvent> events() {
    return responses.stream().filter(WatchDirResponse::hasFilesystem).map(WatchDirResponse::getFilesystem).toList();
  }

  List<String> names(EventType type) {
    return events().stream().filter(e -> e.getType() == type).map(FilesystemEvent::getName).toList();
  }

  boolean sawKeepalive() {
    return responses.stream().anyMatch(WatchDirResponse::hasKeepalive);
  }
}
