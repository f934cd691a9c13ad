package dev.soulbox.agent.watch;

import dev.soulbox.proto.filesystem.EventType;
import java.nio.file.Path;

/** A source of changes below one directory, running on its own thread until closed. */
interface ChangeFeed extends AutoCloseable {
  /** Called on the feed's thread. */
  interface Listener {
    void changed(EventType type, Path path);

    /** The kernel dropped events: what follows is incomplete. */
    void lost();

    /** The watched directory is gone; nothing more will come. */
    void ended();
  }

  @Override
  void close();
}
