package dev.soulbox.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesTest {
  @TempDir
  Path dir;
  @TempDir
  Path local;
  private TestSandbox box;
  private Files files;

  @BeforeEach
  void start() {
    box = TestSandbox.start(dir);
    files = box.sandbox.files();
  }

  @AfterEach
  void stop() {
    box.close();
  }

  private String remote(String name) {
    return dir.resolve(name).toString();
  }

  @Test
  void writeAndRead_textBytesAndStreams() throws Exception {
    EntryInfo written = files.write(remote("a/b/hello.txt"), "héllo\n");
    assertThat(written.isFile()).isTrue();
    assertThat(written.size()).isEqualTo("héllo\n".getBytes(StandardCharsets.UTF_8).length);
    assertThat(files.read(remote("a/b/hello.txt"))).isEqualTo("héllo\n");

    byte[] data = randomBytes(300_000);
    files.write(remote("data.bin"), data);
    assertThat(files.readBytes(remote("data.bin"))).isEqualTo(data);

    files.write(remote("stream.bin"), new ByteArrayInputStream(data));
    try (InputStream in = files.readStream(remote("stream.bin"))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(java.nio.file.Files.readAllBytes(dir.resolve("stream.bin"))).isEqualTo(data);
  }

  @Test
  void uploadAndDownload_largeFile_withChecksum() throws Exception {
    Path source = local.resolve("big.bin");
    java.nio.file.Files.write(source, randomBytes(5 * 1024 * 1024 + 17));

    EntryInfo up = files.upload(source, remote("big.bin"));
    assertThat(up.size()).isEqualTo(java.nio.file.Files.size(source));

    Path target = local.resolve("copy/big.bin");
    EntryInfo down = files.download(remote("big.bin"), target);

    assertThat(down.size()).isEqualTo(up.size());
    assertThat(java.nio.file.Files.mismatch(source, target)).isEqualTo(-1);
    try (var leftovers = java.nio.file.Files.list(target.getParent())) {
      assertThat(leftovers).containsExactly(target);
    }
  }

  @Test
  void uploadAndDownload_tellTheirProgress_upToTheWholeSize() throws Exception {
    Path source = local.resolve("progress.bin");
    long size = 3 * 1024 * 1024 + 5;
    java.nio.file.Files.write(source, randomBytes((int) size));
    java.util.List<long[]> up = new java.util.ArrayList<>();
    java.util.List<long[]> down = new java.util.ArrayList<>();

    files.upload(source, remote("progress.bin"), (done, total) -> up.add(new long[] {done, total}));
    files.download(remote("progress.bin"), local.resolve("progress.copy"), (done, total) -> down.add(new long[] {done, total}));

    for (java.util.List<long[]> seen : java.util.List.of(up, down)) {
      assertThat(seen).hasSizeGreaterThan(1);
      assertThat(seen).allSatisfy(p -> assertThat(p[1]).isEqualTo(size));
      assertThat(seen).extracting(p -> p[0]).isSorted().last().isEqualTo(size);
    }
  }

  @Test
  void download_missingFile_isNotFound_andLeavesNothing() throws Exception {
    Path target = local.resolve("nothing.bin");

    assertThatThrownBy(() -> files.download(remote("missing"), target)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> files.read(remote("missing"))).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("missing");
    try (var leftovers = java.nio.file.Files.list(local)) {
      assertThat(leftovers).isEmpty();
    }
  }

  @Test
  void listStatExists() {
    files.write(remote("d/one.txt"), "1");
    files.write(remote("d/sub/two.txt"), "22");

    assertThat(files.list(remote("d"))).extracting(EntryInfo::name).containsExactlyInAnyOrder("one.txt", "sub");
    assertThat(files.list(remote("d"), 2)).extracting(EntryInfo::path)
        .contains(remote("d/sub/two.txt"));

    EntryInfo two = files.stat(remote("d/sub/two.txt"));
    assertThat(two.size()).isEqualTo(2);
    assertThat(two.permissions()).startsWith("-rw");
    assertThat(files.stat(remote("d")).isDirectory()).isTrue();
    assertThat(files.exists(remote("d/one.txt"))).isTrue();
    assertThat(files.exists(remote("d/none.txt"))).isFalse();
    assertThatThrownBy(() -> files.stat(remote("d/none.txt"))).isInstanceOf(NotFoundException.class);
  }

  @Test
  void makeDirRenameRemove() {
    assertThat(files.makeDir(remote("x/y"))).isTrue();
    assertThat(files.makeDir(remote("x/y"))).isFalse();

    files.write(remote("x/y/f.txt"), "f");
    EntryInfo moved = files.rename(remote("x/y/f.txt"), remote("x/g.txt"));
    assertThat(moved.path()).isEqualTo(remote("x/g.txt"));
    assertThat(files.exists(remote("x/y/f.txt"))).isFalse();

    files.remove(remote("x"));
    assertThat(files.exists(remote("x"))).isFalse();
  }

  @Test
  void badPaths_areInvalidArgumentOrNotFound() {
    assertThatThrownBy(() -> files.list(remote("nope"))).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> files.read(dir.toString())).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> files.stat("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void watchDir_seesChanges_untilClosed() {
    files.makeDir(remote("w"));
    List<FilesystemEvent> events = new CopyOnWriteArrayList<>();

    WatchHandle watch = files.watchDir(remote("w"), true, events::add);
    files.write(remote("w/new.txt"), "hi");
    files.makeDir(remote("w/sub"));
    await().until(() -> events.contains(new FilesystemEvent("new.txt", FilesystemEvent.Type.CREATE)));
    files.write(remote("w/sub/deep.txt"), "deep");
    await().until(() -> events.stream().anyMatch(e -> e.name().equals("sub/deep.txt")));

    watch.close();
    assertThat(watch.isActive()).isFalse();
    assertThat(watch.failure()).isEmpty();
    int seen = events.size();
    files.write(remote("w/after.txt"), "x");
    await().during(java.time.Duration.ofMillis(300)).until(() -> events.size() == seen);
  }

  @Test
  void watchDir_missingDirectory_isNotFound() {
    assertThatThrownBy(() -> files.watchDir(remote("absent"), e -> { })).isInstanceOf(NotFoundException.class);
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }
}
