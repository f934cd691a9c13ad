package dev.soulbox.agent.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.soulbox.agent.server.TestAgent;
import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.grpc.ResourceExhaustedException;
import dev.soulbox.proto.filesystem.CreateWatcherRequest;
import dev.soulbox.proto.filesystem.EntryInfo;
import dev.soulbox.proto.filesystem.EventType;
import dev.soulbox.proto.filesystem.FilesystemEvent;
import dev.soulbox.proto.filesystem.FilesystemGrpc;
import dev.soulbox.proto.filesystem.GetWatcherEventsRequest;
import dev.soulbox.proto.filesystem.RemoveWatcherRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatcherRegistryTest {
  private TestAgent agent;
  private FilesystemGrpc.FilesystemBlockingStub fs;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  @TempDir
  Path dir;

  @BeforeEach
  void setUp() {
    agent = TestAgent.start();
    fs = FilesystemGrpc.newBlockingStub(agent.channel());
  }

  @AfterEach
  void tearDown() {
    agent.close();
    scheduler.shutdownNow();
  }

  static void assertStatus(Runnable call, Status.Code code, String messagePart) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).contains(messagePart);
    });
  }

  private String create(Object path, boolean recursive) {
    return fs.createWatcher(CreateWatcherRequest.newBuilder().setPath(path.toString()).setRecursive(recursive).build())
        .getWatcherId();
  }

  private List<FilesystemEvent> events(String id) {
    return fs.getWatcherEvents(GetWatcherEventsRequest.newBuilder().setWatcherId(id).build()).getEventsList();
  }

  private void removeWatcher(String id) {
    fs.removeWatcher(RemoveWatcherRequest.newBuilder().setWatcherId(id).build());
  }

  private static List<String> names(List<FilesystemEvent> events, EventType type) {
    return events.stream().filter(e -> e.getType() == type).map(FilesystemEvent::getName).toList();
  }

  @Test
  void getWatcherEvents_returnsTheEventsSinceTheLastCall_andClearsThem() throws IOException {
    String id = create(dir, false);
    Files.createFile(dir.resolve("a.txt"));

    List<FilesystemEvent> seen = new ArrayList<>();
    await().until(() -> {
      seen.addAll(events(id));
      return !seen.isEmpty();
    });
    assertThat(seen).extracting(FilesystemEvent::getName, FilesystemEvent::getType)
        .containsExactly(tuple("a.txt", EventType.EVENT_TYPE_CREATE));
    assertThat(events(id)).isEmpty();

    Files.delete(dir.resolve("a.txt"));
    await().until(() -> names(events(id), EventType.EVENT_TYPE_REMOVE).equals(List.of("a.txt")));
    removeWatcher(id);
  }

  @Test
  void getWatcherEvents_recursive_namesNestedChangesRelativeToTheWatchedDirectory() throws IOException {
    String id = create(dir, true);
    Files.createDirectories(dir.resolve("sub/deep"));
    Files.writeString(dir.resolve("sub/deep/a.txt"), "x");

    List<FilesystemEvent> seen = new ArrayList<>();
    await().until(() -> {
      seen.addAll(events(id));
      return names(seen, EventType.EVENT_TYPE_CREATE).containsAll(List.of("sub", "sub/deep", "sub/deep/a.txt"));
    });
    removeWatcher(id);
  }

  @Test
  void relativePaths_watchBelowTheHome() throws IOException {
    Path scratch = Files.createTempDirectory(agent.server().defaultUser().home(), "soulbox-watch-test");
    try {
      String id = create("~/" + scratch.getFileName(), false);
      Files.createFile(scratch.resolve("n.txt"));
      await().until(() -> names(events(id), EventType.EVENT_TYPE_CREATE).contains("n.txt"));
      removeWatcher(id);
    } finally {
      Files.deleteIfExists(scratch.resolve("n.txt"));
      Files.delete(scratch);
    }
  }

  @Test
  void removeWatcher_closesIt_andForgetsTheId() {
    long before = InotifyInstances.open();
    String id = create(dir, false);
    assertThat(agent.watchers().size()).isOne();

    removeWatcher(id);

    assertThat(agent.watchers().size()).isZero();
    await().until(() -> InotifyInstances.open() == before);
    assertStatus(() -> events(id), Status.Code.NOT_FOUND, "watcher " + id + " does not exist");
    assertStatus(() -> removeWatcher(id), Status.Code.NOT_FOUND, "watcher " + id + " does not exist");
  }

  @Test
  void badRequests() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");

    assertStatus(() -> create(dir.resolve("missing"), true), Status.Code.NOT_FOUND, dir.resolve("missing") + " does not exist");
    assertStatus(() -> create(file, false), Status.Code.INVALID_ARGUMENT, file + " is not a directory");
    assertStatus(() -> create("", false), Status.Code.INVALID_ARGUMENT, "path is empty");
    assertStatus(() -> events("nope"), Status.Code.NOT_FOUND, "watcher nope does not exist");
    assertStatus(() -> events(""), Status.Code.INVALID_ARGUMENT, "watcher_id is empty");
    assertStatus(() -> removeWatcher("nope"), Status.Code.NOT_FOUND, "watcher nope does not exist");
    assertThat(agent.watchers().size()).isZero();
  }

  @Test
  void tooManyUnreadEvents_stopTheWatcher_withResourceExhausted() throws IOException {
    try (WatcherRegistry registry = new WatcherRegistry(scheduler, WatcherRegistryTest::noEntry, Duration.ofMinutes(1), 5)) {
      String id = registry.create(new WatchSpec(dir, false, false, false));
      for (int i = 0; i < 6; i++) {
        Files.createFile(dir.resolve("f" + i));
      }

      await().untilAsserted(() -> assertThatThrownBy(() -> registry.events(id))
          .isInstanceOf(ResourceExhaustedException.class).hasMessageContaining("more than 5 changes in " + dir));
      assertThat(registry.size()).isZero();
      assertThatThrownBy(() -> registry.events(id)).isInstanceOf(NotFoundException.class);
    }
  }

  @Test
  void watchersNobodyPolls_expire() {
    try (WatcherRegistry registry = new WatcherRegistry(scheduler, WatcherRegistryTest::noEntry, Duration.ofMillis(300),
        100)) {
      String polled = registry.create(new WatchSpec(dir, false, false, false));
      String idle = registry.create(new WatchSpec(dir, true, false, false));

      await().atMost(Duration.ofSeconds(5)).until(() -> {
        registry.events(polled);
        return registry.size() == 1;
      });
      assertThatThrownBy(() -> registry.events(idle)).isInstanceOf(NotFoundException.class)
          .hasMessageContaining("expired");
    }
  }

  @Test
  void close_stopsEveryWatch() {
    long before = InotifyInstances.open();
    WatcherRegistry registry = new WatcherRegistry(scheduler, WatcherRegistryTest::noEntry);
    registry.create(new WatchSpec(dir, true, false, false));
    DirectoryWatch streamed = registry.openStreamed(new WatchSpec(dir, false, false, false));
    assertThat(InotifyInstances.open()).isEqualTo(before + 2);

    registry.close();

    assertThat(registry.size()).isZero();
    assertThat(streamed.failure()).hasMessageContaining("shutting down");
    await().until(() -> InotifyInstances.open() == before);
    assertThatThrownBy(() -> registry.create(new WatchSpec(dir, true, false, false)))
        .hasMessageContaining("shutting down");
  }

  @Test
  void networkMountTypes_areRecognised() {
    assertThat(NetworkMounts.isNetworkType("nfs4")).isTrue();
    assertThat(NetworkMounts.isNetworkType("fuse.sshfs")).isTrue();
    assertThat(NetworkMounts.isNetworkType("ext4")).isFalse();
    assertThat(NetworkMounts.networkTypeOf(Path.of("/tmp"))).isNull();
  }

  private static EntryInfo noEntry(Path path) {
    return EntryInfo.getDefaultInstance();
  }
}
