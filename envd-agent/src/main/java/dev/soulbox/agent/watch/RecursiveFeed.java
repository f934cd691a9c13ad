package dev.soulbox.agent.watch;

import dev.soulbox.proto.filesystem.EventType;
import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeListener;
import io.methvin.watcher.DirectoryWatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.WatchService;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes anywhere below a directory, from directory-watcher: it registers every subdirectory,
 * including ones created later, and reports what a new directory already holds when it appears.
 * File hashing is off: it would read every file of the tree up front.
 */
final class RecursiveFeed implements ChangeFeed {
  private static final Logger log = LoggerFactory.getLogger(RecursiveFeed.class);

  private final DirectoryWatcher watcher;
  private volatile boolean closed;

  RecursiveFeed(Path root, Listener listener, Executor threads) throws IOException {
    // our own service, so that a failed registration of the tree cannot leak its inotify instance
    WatchService service = root.getFileSystem().newWatchService();
    try {
      watcher = DirectoryWatcher.builder()
          .path(root)
          .watchService(service)
          .fileHashing(false)
          .listener(new Forwarder(listener))
          .build();
      watcher.watchAsync(threads).whenComplete((ignored, error) -> {
        if (!closed) {
          if (error != null) {
            log.warn("watch of {} failed", root, error);
          }
          listener.ended();
        }
      });
    } catch (IOException | RuntimeException e) {
      service.close();
      throw e;
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      watcher.close();
    } catch (IOException e) {
      log.debug("closing the watcher failed", e);
    }
  }

  private record Forwarder(Listener listener) implements DirectoryChangeListener {
    @Override
    public void onEvent(DirectoryChangeEvent event) {
      switch (event.eventType()) {
        case CREATE -> listener.changed(EventType.EVENT_TYPE_CREATE, event.path());
        case MODIFY -> listener.changed(EventType.EVENT_TYPE_WRITE, event.path());
        case DELETE -> listener.changed(EventType.EVENT_TYPE_REMOVE, event.path());
        case OVERFLOW -> listener.lost();
      }
    }

    @Override
    public void onException(Exception e) {
      // e.g. a directory removed before it could be registered; its events are moot
      log.debug("watch error", e);
    }
  }
}
