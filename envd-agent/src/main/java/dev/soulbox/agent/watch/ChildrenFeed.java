package dev.soulbox.agent.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import dev.soulbox.proto.filesystem.EventType;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes to a directory's direct children, from one JDK {@link WatchService} (one inotify
 * instance with one watch). directory-watcher always registers the whole subtree, which for a
 * non-recursive watch of a big directory would cost a walk and thousands of inotify watches for
 * events nobody asked for.
 */
final class ChildrenFeed implements ChangeFeed {
  private static final Logger log = LoggerFactory.getLogger(ChildrenFeed.class);

  private final Path dir;
  private final Listener listener;
  private final WatchService service;
  private volatile boolean closed;

  ChildrenFeed(Path dir, Listener listener, Executor threads) throws IOException {
    this.dir = dir;
    this.listener = listener;
    this.service = dir.getFileSystem().newWatchService();
    try {
      dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
      threads.execute(this::run);
    } catch (IOException | RejectedExecutionException e) {
      service.close();
      throw e;
    }
  }

  private void run() {
    try {
      WatchKey key;
      do {
        key = service.take();
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.kind() == OVERFLOW) {
            listener.lost();
          } else {
            listener.changed(typeOf(event.kind()), dir.resolve((Path) event.context()));
          }
        }
      } while (key.reset());
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // closed: the watch is over
    } catch (RuntimeException e) {
      log.warn("watch of {} failed", dir, e);
    } finally {
      if (!closed) {
        listener.ended();
      }
    }
  }

  private static EventType typeOf(WatchEvent.Kind<?> kind) {
    if (kind == ENTRY_CREATE) {
      return EventType.EVENT_TYPE_CREATE;
    }
    return kind == ENTRY_DELETE ? EventType.EVENT_TYPE_REMOVE : EventType.EVENT_TYPE_WRITE;
  }

  @Override
  public void close() {
    closed = true;
    try {
      service.close();
    } catch (IOException e) {
      // nothing left to do: the inotify descriptor is released with the service either way
    }
  }
}
