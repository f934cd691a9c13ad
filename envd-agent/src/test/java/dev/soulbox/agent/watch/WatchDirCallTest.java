package dev.soulbox.agent.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.soulbox.agent.server.TestAgent;
import dev.soulbox.proto.filesystem.EventType;
import dev.soulbox.proto.filesystem.FileType;
import dev.soulbox.proto.filesystem.FilesystemEvent;
import dev.soulbox.proto.filesystem.FilesystemGrpc;
import dev.soulbox.proto.filesystem.WatchDirRequest;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WatchDirCallTest {
  private TestAgent agent;
  private FilesystemGrpc.FilesystemStub fs;
  @TempDir
  Path dir;

  @BeforeEach
  void setUp() {
    agent = TestAgent.start();
    fs = FilesystemGrpc.newStub(agent.channel());
  }

  @AfterEach
  void tearDown() {
    agent.close();
  }

  private WatchCollector watch(Path path, boolean recursive, boolean includeEntry) {
    return watch(fs, new WatchCollector(), path.toString(), recursive, includeEntry);
  }

  private static WatchCollector watch(FilesystemGrpc.FilesystemStub stub, WatchCollector collector, String path,
                                      boolean recursive, boolean includeEntry) {
    stub.watchDir(WatchDirRequest.newBuilder().setPath(path).setRecursive(recursive).setIncludeEntry(includeEntry)
        .build(), collector);
    await().until(() -> collector.started() || collector.ended());
    return collector;
  }

  @Test
  void watchDir_startsThenReportsCreateWriteRemove() throws IOException {
    WatchCollector w = watch(dir, false, false);
    Path file = dir.resolve("a.txt");

    Files.createFile(file);
    await().until(() -> w.names(EventType.EVENT_TYPE_CREATE).contains("a.txt"));
    Files.writeString(file, "more");
    await().until(() -> w.names(EventType.EVENT_TYPE_WRITE).contains("a.txt"));
    Files.delete(file);
    await().until(() -> w.names(EventType.EVENT_TYPE_REMOVE).contains("a.txt"));

    assertThat(w.responses.get(0).hasStart()).isTrue();
    assertThat(w.events()).allSatisfy(e -> assertThat(e.hasEntry()).isFalse());
    w.cancel();
  }

  @Test
  void watchDir_recursive_namesNestedChangesRelativeToTheWatchedDirectory() throws IOException {
    WatchCollector w = watch(dir, true, false);

    Files.createDirectories(dir.resolve("sub/deep"));
    Files.writeString(dir.resolve("sub/deep/x.txt"), "x");

    await().until(() -> w.names(EventType.EVENT_TYPE_CREATE).containsAll(List.of("sub", "sub/deep", "sub/deep/x.txt")));
    w.cancel();
  }

  @Test
  void watchDir_nonRecursive_reportsOnlyDirectChildren() throws IOException {
    Files.createDirectory(dir.resolve("sub"));
    WatchCollector w = watch(dir, false, false);

    Files.writeString(dir.resolve("sub/inner.txt"), "x");
    Files.writeString(dir.resolve("top.txt"), "x");

    await().until(() -> w.names(EventType.EVENT_TYPE_CREATE).contains("top.txt"));
    assertThat(w.events()).extracting(FilesystemEvent::getName).containsOnly("top.txt");
    w.cancel();
  }

  @Test
  void watchDir_includeEntry_describesEntriesThatStillExist() throws IOException {
    WatchCollector w = watch(dir, true, true);

    Files.createDirectory(dir.resolve("made"));
    Files.delete(dir.resolve("made"));

    await().until(() -> w.names(EventType.EVENT_TYPE_REMOVE).contains("made"));
    FilesystemEvent removed = w.events().stream().filter(e -> e.getType() == EventType.EVENT_TYPE_REMOVE).findFirst()
        .orElseThrow();
    assertThat(removed.hasEntry()).isFalse();
    Files.createDirectory(dir.resolve("kept"));
    await().until(() -> w.names(EventType.EVENT_TYPE_CREATE).contains("kept"));
    FilesystemEvent created = w.events().stream().filter(e -> e.getName().equals("kept")).findFirst().orElseThrow();
    assertThat(created.getEntry().getType()).isEqualTo(FileType.FILE_TYPE_DIRECTORY);
    assertThat(created.getEntry().getPath()).isEqualTo(dir.resolve("kept").toString());
    w.cancel();
  }

  @Test
  void watchDir_throughASymlink_reportsUnderThePathAsGiven() throws IOException {
    Path real = Files.createDirectory(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    WatchCollector w = watch(link, true, true);

    Files.createFile(real.resolve("f"));

    await().until(() -> w.names(EventType.EVENT_TYPE_CREATE).contains("f"));
    assertThat(w.events().get(0).getEntry().getPath()).isEqualTo(link.resolve("f").toString());
    w.cancel();
  }

  @Test
  void watchDir_badPaths() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");

    assertThat(watch(dir.resolve("missing"), false, false).status().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    WatchCollector onFile = watch(file, true, false);
    assertThat(onFile.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(onFile.status().getDescription()).contains(file + " is not a directory");
    assertThat(watch(fs, new WatchCollector(), "", false, false).status().getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(onFile.responses).isEmpty();
    assertThat(agent.watchers().size()).isZero();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void cancel_closesTheWatch_andItsInotifyInstance(boolean recursive) {
    long before = InotifyInstances.open();
    WatchCollector w = watch(dir, recursive, false);
    assertThat(agent.watchers().size()).isOne();
    assertThat(InotifyInstances.open()).isEqualTo(before + 1);

    w.cancel();

    await().until(() -> agent.watchers().size() == 0 && InotifyInstances.open() == before);
  }

  @Test
  void deadline_endsTheStream_andClosesTheWatch() {
    WatchCollector w = watch(fs.withDeadlineAfter(300, TimeUnit.MILLISECONDS), new WatchCollector(), dir.toString(),
        true, false);

    await().until(w::ended);
    assertThat(w.status().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    await().until(() -> agent.watchers().size() == 0);
  }

  @Test
  void keepalive_isSentWhileIdle() {
    WatchCollector w = watch(TestAgent.withHeader(fs, "keepalive-ping-interval", "0.2"), new WatchCollector(),
        dir.toString(), false, false);

    await().atMost(Duration.ofSeconds(5)).until(w::sawKeepalive);
    w.cancel();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void removingTheWatchedDirectory_endsTheStreamWithNotFound(boolean recursive) throws IOException {
    Path watched = Files.createDirectory(dir.resolve("watched"));
    Files.writeString(watched.resolve("f"), "x");
    WatchCollector w = watch(watched, recursive, false);

    Files.delete(watched.resolve("f"));
    Files.delete(watched);

    await().until(w::ended);
    assertThat(w.names(EventType.EVENT_TYPE_REMOVE)).contains("f");
    assertThat(w.status().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(w.status().getDescription()).contains(watched + " was removed");
    await().until(() -> agent.watchers().size() == 0);
  }

  @Test
  void clientThatDoesNotRead_isEndedWithResourceExhausted() throws IOException {
    WatchCollector w = watch(fs, new WatchCollector(true), dir.toString(), false, false);

    for (int i = 0; i < WatcherRegistry.MAX_EVENTS + 100; i++) {
      Files.createFile(dir.resolve("f" + i));
    }

    await().atMost(Duration.ofSeconds(30)).until(w::ended);
    assertThat(w.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(w.status().getDescription()).contains("watch it again");
    await().until(() -> agent.watchers().size() == 0);
  }
}
