package dev.soulbox.agent.watch;

import dev.soulbox.grpc.FailedPreconditionException;
import dev.soulbox.grpc.FileErrors;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.grpc.PermissionDeniedException;
import dev.soulbox.grpc.ResourceExhaustedException;
import dev.soulbox.proto.filesystem.EntryInfo;
import dev.soulbox.proto.filesystem.EventType;
import dev.soulbox.proto.filesystem.FilesystemEvent;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * One live watch of a directory: turns its changes into envd events (names relative to the
 * directory) and keeps them, bounded, until taken. It stops when closed, when too many events
 * pile up unread, or when the directory goes away; the reason comes after the events before it.
 */
final class DirectoryWatch implements AutoCloseable, ChangeFeed.Listener {
  /** Keeps a GetWatcherEvents reply well below gRPC's default 4 MiB message limit. */
  static final long MAX_BYTES = 2L << 20;

  private final Path root;
  private final Path shown;
  private final boolean includeEntry;
  private final Function<Path, EntryInfo> describe;
  private final int maxEvents;
  private final ArrayDeque<FilesystemEvent> pending = new ArrayDeque<>();
  private long pendingBytes;
  private RuntimeException failure;
  private boolean closed;
  private boolean feedStopped;
  private ChangeFeed feed;
  private volatile Runnable onAvailable = () -> { };

  private DirectoryWatch(Path root, WatchSpec spec, Function<Path, EntryInfo> describe, int maxEvents) {
    this.root = root;
    this.shown = spec.path();
    this.includeEntry = spec.includeEntry();
    this.describe = describe;
    this.maxEvents = maxEvents;
  }

  /** Starts watching; {@code NOT_FOUND} for a missing path, {@code INVALID_ARGUMENT} for a file. */
  static DirectoryWatch open(WatchSpec spec, Executor threads, Function<Path, EntryInfo> describe, int maxEvents) {
    DirectoryWatch watch = new DirectoryWatch(directoryOf(spec), spec, describe, maxEvents);
    try {
      watch.attach(spec.recursive()
          ? new RecursiveFeed(watch.root, watch, threads)
          : new ChildrenFeed(watch.root, watch, threads));
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("inotify")) {
        throw new ResourceExhaustedException("cannot watch " + spec.path() + ": " + e.getMessage()
            + "; remove watchers that are no longer needed (RemoveWatcher, or cancel WatchDir streams)", e);
      }
      throw FileErrors.of("watch " + spec.path(), spec.path(), e);
    }
    return watch;
  }

  private static Path directoryOf(WatchSpec spec) {
    Path real;
    try {
      real = spec.path().toRealPath();
    } catch (NoSuchFileException e) {
      throw new NotFoundException("path " + spec.path() + " does not exist; create it before watching it");
    } catch (AccessDeniedException e) {
      throw new PermissionDeniedException("cannot watch " + spec.path() + ": permission denied on " + e.getFile());
    } catch (FileSystemException e) {
      throw new NotFoundException("path " + spec.path() + " cannot be reached: " + e.getReason());
    } catch (IOException e) {
      throw FileErrors.of("resolve " + spec.path(), spec.path(), e);
    }
    if (!Files.isDirectory(real)) {
      throw new InvalidArgumentException("path " + spec.path() + " is not a directory; watch the directory that holds it");
    }
    String network = spec.allowNetworkMounts() ? null : NetworkMounts.networkTypeOf(real);
    if (network != null) {
      throw new FailedPreconditionException("path " + spec.path() + " is on a network mount (" + network
          + "), where changes made elsewhere are not seen; set allow_network_mounts to watch it anyway");
    }
    return real;
  }

  /** Runs whenever an event or the end becomes available; on the feed's thread, so keep it short. */
  void onAvailable(Runnable r) {
    onAvailable = r;
  }

  @Override
  public void changed(EventType type, Path path) {
    if (!path.startsWith(root) || path.equals(root)) {
      return;
    }
    Path name = root.relativize(path);
    FilesystemEvent.Builder event = FilesystemEvent.newBuilder().setName(name.toString()).setType(type);
    if (includeEntry && type != EventType.EVENT_TYPE_REMOVE) {
      try {
        event.setEntry(describe.apply(path).toBuilder().setPath(shown.resolve(name).toString()));
      } catch (RuntimeException gone) {
        // already removed again: the event stands without its entry
      }
    }
    enqueue(event.build());
  }

  @Override
  public void lost() {
    stop(new ResourceExhaustedException("changes in " + shown + " came faster than the kernel could queue them and "
        + "some were lost; watch it again (and rescan it) to start from a known state"), true);
  }

  @Override
  public void ended() {
    if (Files.isDirectory(root)) {
      stop(new IllegalStateException("watch of " + shown + " stopped unexpectedly"), false);
      return;
    }
    stop(new NotFoundException("watched directory " + shown + " was removed; watch it again once it exists"), false);
  }

  /** The next event, or null when none is waiting. */
  synchronized FilesystemEvent poll() {
    FilesystemEvent event = pending.poll();
    if (event != null) {
      pendingBytes -= event.getSerializedSize();
    }
    return event;
  }

  /** Why the watch stopped, once every event before it has been taken; null while it runs. */
  synchronized RuntimeException failure() {
    return pending.isEmpty() ? failure : null;
  }

  /** Takes every waiting event; throws why the watch stopped once none is left. */
  synchronized List<FilesystemEvent> takeAll() {
    if (pending.isEmpty() && failure != null) {
      throw failure;
    }
    List<FilesystemEvent> events = new ArrayList<>(pending);
    pending.clear();
    pendingBytes = 0;
    return events;
  }

  /** Stops watching, dropping waiting events, and tells the reader why. */
  void stop(RuntimeException why, boolean dropPending) {
    synchronized (this) {
      if (failure == null) {
        failure = why;
      }
      if (dropPending) {
        pending.clear();
        pendingBytes = 0;
      }
    }
    stopFeed();
    onAvailable.run();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      pending.clear();
      pendingBytes = 0;
    }
    stopFeed();
  }

  private void enqueue(FilesystemEvent event) {
    int size = event.getSerializedSize();
    boolean accepted;
    synchronized (this) {
      if (closed || failure != null) {
        return;
      }
      accepted = pending.size() < maxEvents && pendingBytes + size <= MAX_BYTES;
      if (accepted) {
        pending.add(event);
        pendingBytes += size;
      }
    }
    if (!accepted) {
      stop(new ResourceExhaustedException("more than " + maxEvents + " changes in " + shown + " are waiting to be"
          + " read; read events as they come (or watch a smaller tree), then watch it again"), true);
      return;
    }
    onAvailable.run();
  }

  private void attach(ChangeFeed f) {
    boolean stopNow;
    synchronized (this) {
      feed = f;
      stopNow = feedStopped;
    }
    if (stopNow) {
      f.close();
    }
  }

  private void stopFeed() {
    ChangeFeed f;
    synchronized (this) {
      feedStopped = true;
      f = feed;
    }
    if (f != null) {
      f.close();
    }
  }
}
