package dev.soulbox.agent.fs;

import dev.soulbox.agent.auth.Caller;
import dev.soulbox.agent.auth.UserAccount;
import dev.soulbox.agent.auth.UserPaths;
import dev.soulbox.agent.watch.WatchDirCall;
import dev.soulbox.agent.watch.WatchSpec;
import dev.soulbox.agent.watch.WatcherRegistry;
import dev.soulbox.proto.filesystem.CreateWatcherRequest;
import dev.soulbox.proto.filesystem.CreateWatcherResponse;
import dev.soulbox.proto.filesystem.FilesystemGrpc;
import dev.soulbox.proto.filesystem.GetWatcherEventsRequest;
import dev.soulbox.proto.filesystem.GetWatcherEventsResponse;
import dev.soulbox.proto.filesystem.ListDirRequest;
import dev.soulbox.proto.filesystem.ListDirResponse;
import dev.soulbox.proto.filesystem.MakeDirRequest;
import dev.soulbox.proto.filesystem.MakeDirResponse;
import dev.soulbox.proto.filesystem.MoveRequest;
import dev.soulbox.proto.filesystem.MoveResponse;
import dev.soulbox.proto.filesystem.RemoveRequest;
import dev.soulbox.proto.filesystem.RemoveResponse;
import dev.soulbox.proto.filesystem.RemoveWatcherRequest;
import dev.soulbox.proto.filesystem.RemoveWatcherResponse;
import dev.soulbox.proto.filesystem.StatRequest;
import dev.soulbox.proto.filesystem.StatResponse;
import dev.soulbox.proto.filesystem.WatchDirRequest;
import dev.soulbox.proto.filesystem.WatchDirResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;

/**
 * envd's {@code filesystem.Filesystem} service. Paths are the caller's: {@code ~} and relative
 * paths start at the calling user's home; what is created for a caller is owned by the caller.
 */
public final class FilesystemService extends FilesystemGrpc.FilesystemImplBase {
  private final WatcherRegistry watchers;
  private final Directories directories;
  private final Entries entries;

  /** {@code agentUid} is the agent's own uid: only root can give new directories to their caller. */
  public FilesystemService(WatcherRegistry watchers, int agentUid) {
    this.watchers = watchers;
    Ownership ownership = new Ownership(agentUid);
    this.directories = new Directories(ownership);
    this.entries = new Entries(ownership);
  }

  @Override
  public void stat(StatRequest request, StreamObserver<StatResponse> out) {
    Path path = UserPaths.resolve(request.getPath(), Caller.current());
    out.onNext(StatResponse.newBuilder().setEntry(Entries.stat(path)).build());
    out.onCompleted();
  }

  @Override
  public void makeDir(MakeDirRequest request, StreamObserver<MakeDirResponse> out) {
    UserAccount user = Caller.current();
    Path dir = UserPaths.resolve(request.getPath(), user);
    out.onNext(MakeDirResponse.newBuilder().setEntry(directories.create(dir, user)).build());
    out.onCompleted();
  }

  @Override
  public void move(MoveRequest request, StreamObserver<MoveResponse> out) {
    UserAccount user = Caller.current();
    Path source = UserPaths.resolve(request.getSource(), user, "source");
    Path destination = UserPaths.resolve(request.getDestination(), user, "destination");
    out.onNext(MoveResponse.newBuilder().setEntry(entries.move(source, destination, user)).build());
    out.onCompleted();
  }

  @Override
  public void listDir(ListDirRequest request, StreamObserver<ListDirResponse> out) {
    Path dir = UserPaths.resolve(request.getPath(), Caller.current());
    long depth = Math.max(1, Integer.toUnsignedLong(request.getDepth()));
    out.onNext(ListDirResponse.newBuilder().addAllEntries(Directories.list(dir, depth)).build());
    out.onCompleted();
  }

  @Override
  public void remove(RemoveRequest request, StreamObserver<RemoveResponse> out) {
    Entries.remove(UserPaths.resolve(request.getPath(), Caller.current()));
    out.onNext(RemoveResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void watchDir(WatchDirRequest request, StreamObserver<WatchDirResponse> out) {
    WatchSpec spec = new WatchSpec(UserPaths.resolve(request.getPath(), Caller.current()), request.getRecursive(),
        request.getIncludeEntry(), request.getAllowNetworkMounts());
    WatchDirCall.begin(watchers, spec, (ServerCallStreamObserver<WatchDirResponse>) out);
  }

  @Override
  public void createWatcher(CreateWatcherRequest request, StreamObserver<CreateWatcherResponse> out) {
    WatchSpec spec = new WatchSpec(UserPaths.resolve(request.getPath(), Caller.current()), request.getRecursive(),
        request.getIncludeEntry(), request.getAllowNetworkMounts());
    out.onNext(CreateWatcherResponse.newBuilder().setWatcherId(watchers.create(spec)).build());
    out.onCompleted();
  }

  @Override
  public void getWatcherEvents(GetWatcherEventsRequest request, StreamObserver<GetWatcherEventsResponse> out) {
    out.onNext(GetWatcherEventsResponse.newBuilder().addAllEvents(watchers.events(request.getWatcherId())).build());
    out.onCompleted();
  }

  @Override
  public void removeWatcher(RemoveWatcherRequest request, StreamObserver<RemoveWatcherResponse> out) {
    watchers.remove(request.getWatcherId());
    out.onNext(RemoveWatcherResponse.getDefaultInstance());
    out.onCompleted();
  }
}
