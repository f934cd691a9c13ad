package dev.soulbox.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.soulbox.proto.filesystem.EventType;
import dev.soulbox.proto.filesystem.FilesystemEvent;
import dev.soulbox.proto.filesystem.FilesystemGrpc;
import dev.soulbox.proto.filesystem.WatchDirRequest;
import dev.soulbox.proto.filesystem.WatchDirResponse;
import io.grpc.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recursive watch over TCP sees changes deep in the tree, named relative to the watched directory. */
class WatchIT {
  private static AgentProcess agent;

  @BeforeAll
  static void startAgent() {
    agent = AgentProcess.start();
  }

  @AfterAll
  static void stopAgent() {
    agent.close();
  }

  @Test
  void recursiveWatch_reportsNestedChanges(@TempDir Path dir) throws Exception {
    Context.CancellableContext call = Context.current().withCancellation();
    try {
      List<FilesystemEvent> events = call.call(() -> {
        Iterator<WatchDirResponse> stream = agent.authorized(FilesystemGrpc.newBlockingStub(agent.rawChannel()))
            .watchDir(WatchDirRequest.newBuilder().setPath(dir.toString()).setRecursive(true).build());
        assertThat(stream.next().hasStart()).isTrue();

        List<FilesystemEvent> seen = new ArrayList<>();
        // each step waits for its event: inotify can only watch a new directory once it has seen it
        Files.createDirectories(dir.resolve("a/b"));
        readUntil(stream, seen, "a/b", EventType.EVENT_TYPE_CREATE);
        Files.writeString(dir.resolve("a/b/deep.txt"), "hello");
        readUntil(stream, seen, "a/b/deep.txt", EventType.EVENT_TYPE_CREATE);
        Files.delete(dir.resolve("a/b/deep.txt"));
        readUntil(stream, seen, "a/b/deep.txt", EventType.EVENT_TYPE_REMOVE);
        return seen;
      });

      assertThat(events).extracting(FilesystemEvent::getName).contains("a", "a/b", "a/b/deep.txt");
      assertThat(events).allMatch(e -> !e.getName().startsWith("/"));
    } finally {
      call.cancel(null);
    }
  }

  private static void readUntil(Iterator<WatchDirResponse> stream, List<FilesystemEvent> seen, String name, EventType type) {
    while (seen.stream().noneMatch(e -> e.getName().equals(name) && e.getType() == type)) {
      WatchDirResponse r = stream.next();
      if (r.hasFilesystem()) {
        seen.add(r.getFilesystem());
      }
    }
  }
}
