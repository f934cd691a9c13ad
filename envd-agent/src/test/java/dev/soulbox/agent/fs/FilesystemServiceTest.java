package dev.soulbox.agent.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.soulbox.agent.server.TestAgent;
import dev.soulbox.proto.filesystem.EntryInfo;
import dev.soulbox.proto.filesystem.FileType;
import dev.soulbox.proto.filesystem.FilesystemGrpc;
import dev.soulbox.proto.filesystem.ListDirRequest;
import dev.soulbox.proto.filesystem.MakeDirRequest;
import dev.soulbox.proto.filesystem.MoveRequest;
import dev.soulbox.proto.filesystem.RemoveRequest;
import dev.soulbox.proto.filesystem.StatRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemServiceTest {
  private TestAgent agent;
  private FilesystemGrpc.FilesystemBlockingStub fs;
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
  }

  static void assertStatus(Runnable call, Status.Code code, String messagePart) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).contains(messagePart);
    });
  }

  private EntryInfo stat(Object path) {
    return fs.stat(StatRequest.newBuilder().setPath(path.toString()).build()).getEntry();
  }

  private EntryInfo makeDir(Object path) {
    return fs.makeDir(MakeDirRequest.newBuilder().setPath(path.toString()).build()).getEntry();
  }

  private EntryInfo move(Object source, Object destination) {
    return fs.move(MoveRequest.newBuilder().setSource(source.toString()).setDestination(destination.toString()).build())
        .getEntry();
  }

  private List<EntryInfo> list(Object path, int depth) {
    return fs.listDir(ListDirRequest.newBuilder().setPath(path.toString()).setDepth(depth).build()).getEntriesList();
  }

  private void remove(Object path) {
    fs.remove(RemoveRequest.newBuilder().setPath(path.toString()).build());
  }

  private static List<String> paths(List<EntryInfo> entries) {
    return entries.stream().map(EntryInfo::getPath).toList();
  }

  @Test
  void stat_file_describesIt() throws IOException {
    Path file = Files.writeString(dir.resolve("a.txt"), "hello");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    Instant modified = Files.getLastModifiedTime(file).toInstant();

    EntryInfo entry = stat(file);

    assertThat(entry.getName()).isEqualTo("a.txt");
    assertThat(entry.getPath()).isEqualTo(file.toString());
    assertThat(entry.getType()).isEqualTo(FileType.FILE_TYPE_FILE);
    assertThat(entry.getSize()).isEqualTo(5);
    assertThat(entry.getMode()).isEqualTo(0644);
    assertThat(entry.getPermissions()).isEqualTo("-rw-r--r--");
    assertThat(entry.getOwner()).isEqualTo("root");
    assertThat(entry.getGroup()).isEqualTo("root");
    assertThat(entry.getModifiedTime().getSeconds()).isEqualTo(modified.getEpochSecond());
    assertThat(entry.hasSymlinkTarget()).isFalse();
  }

  @Test
  void stat_directoryAndSymlink() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), sub);

    assertThat(stat(sub).getType()).isEqualTo(FileType.FILE_TYPE_DIRECTORY);
    assertThat(stat(sub).getPermissions()).isEqualTo("drwxr-xr-x");
    assertThat(stat(link).getType()).isEqualTo(FileType.FILE_TYPE_SYMLINK);
    assertThat(stat(link).getSymlinkTarget()).isEqualTo(sub.toString());
    assertThat(stat(link).getPermissions()).startsWith("L");
  }

  @Test
  void stat_badPaths() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertStatus(() -> stat(dir.resolve("missing")), Status.Code.NOT_FOUND, dir.resolve("missing") + " does not exist");
    assertStatus(() -> stat(file.resolve("below")), Status.Code.NOT_FOUND, "a parent is not a directory");
    assertStatus(() -> stat(""), Status.Code.INVALID_ARGUMENT, "path is empty");
  }

  @Test
  void relativeAndTildePaths_resolveAgainstTheCallersHome() throws IOException {
    Path home = agent.server().defaultUser().home();
    Path scratch = Files.createTempDirectory(home, "soulbox-fs-test");
    try {
      String name = scratch.getFileName().toString();
      assertThat(stat(name).getPath()).isEqualTo(scratch.toString());
      assertThat(stat("~/" + name).getPath()).isEqualTo(scratch.toString());
      assertThat(stat("~").getPath()).isEqualTo(home.toString());

      assertThat(makeDir(name + "/made").getPath()).isEqualTo(scratch.resolve("made").toString());
      assertThat(move("~/" + name + "/made", name + "/moved").getPath()).isEqualTo(scratch.resolve("moved").toString());
      assertThat(paths(list("~/" + name, 1))).containsExactly(scratch.resolve("moved").toString());
      remove(name + "/moved");
      assertThat(scratch.resolve("moved")).doesNotExist();
    } finally {
      Entries.remove(scratch);
    }
  }

  @Test
  void statListDirAndMove_returnTheUserE2bXattrsAsMetadata() throws Exception {
    Path file = Files.writeString(dir.resolve("tagged.txt"), "x");
    UserDefinedFileAttributeView xattrs = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
    try {
      xattrs.write("e2b.owner", StandardCharsets.UTF_8.encode("tests"));
      xattrs.write("other.key", StandardCharsets.UTF_8.encode("not envd's"));
    } catch (IOException e) {
      assumeTrue(false, "no user xattrs on " + dir + ": " + e);
    }
    Path fifo = dir.resolve("pipe");
    assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0);

    assertThat(stat(file).getMetadataMap()).containsExactly(Map.entry("owner", "tests"));
    assertThat(list(dir, 1)).extracting(EntryInfo::getName, EntryInfo::getMetadataMap).containsExactly(
        tuple("pipe", Map.of()), tuple("tagged.txt", Map.of("owner", "tests")));
    assertThat(move(file, dir.resolve("moved.txt")).getMetadataMap()).containsExactly(Map.entry("owner", "tests"));
    assertThat(stat(dir).getMetadataMap()).isEmpty();
  }

  @Test
  void makeDir_createsParents_andReturnsTheEntry() {
    EntryInfo entry = makeDir(dir.resolve("a/b/c"));

    assertThat(entry.getType()).isEqualTo(FileType.FILE_TYPE_DIRECTORY);
    assertThat(entry.getPath()).isEqualTo(dir.resolve("a/b/c").toString());
    assertThat(dir.resolve("a/b/c")).isDirectory();
  }

  @Test
  void makeDir_asAnotherUser_givesEveryNewDirectoryToThatUser() throws IOException {
    FilesystemGrpc.FilesystemBlockingStub asNobody = TestAgent.asUser(fs, "nobody");

    EntryInfo entry = asNobody.makeDir(MakeDirRequest.newBuilder().setPath(dir.resolve("n1/n2").toString()).build())
        .getEntry();

    assertThat(entry.getOwner()).isEqualTo("nobody");
    for (Path p : List.of(dir.resolve("n1"), dir.resolve("n1/n2"))) {
      assertThat(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(65534);
      assertThat(Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(65534);
    }
    assertThat(Files.getAttribute(dir, "unix:uid")).isEqualTo(0);
  }

  @Test
  void makeDir_existingPaths() throws IOException {
    Files.createDirectory(dir.resolve("there"));
    Files.writeString(dir.resolve("file"), "x");

    assertStatus(() -> makeDir(dir.resolve("there")), Status.Code.ALREADY_EXISTS, "directory " + dir.resolve("there"));
    assertStatus(() -> makeDir(dir.resolve("file")), Status.Code.ALREADY_EXISTS, "already exists and is a file");
    assertStatus(() -> makeDir(dir.resolve("file/sub")), Status.Code.INVALID_ARGUMENT,
        dir.resolve("file") + " is a file, not a directory");
    assertStatus(() -> makeDir(""), Status.Code.INVALID_ARGUMENT, "path is empty");
  }

  @Test
  void move_renames_createsParents_andReplacesAFile() throws IOException {
    Path source = Files.writeString(dir.resolve("src.txt"), "new");
    Files.writeString(Files.createDirectory(dir.resolve("to")).resolve("dst.txt"), "old");

    EntryInfo entry = move(source, dir.resolve("to/dst.txt"));

    assertThat(entry.getPath()).isEqualTo(dir.resolve("to/dst.txt").toString());
    assertThat(entry.getSize()).isEqualTo(3);
    assertThat(source).doesNotExist();
    assertThat(dir.resolve("to/dst.txt")).hasContent("new");

    Path tree = Files.createDirectories(dir.resolve("tree/inner"));
    assertThat(move(tree.getParent(), dir.resolve("deep/er/tree")).getType()).isEqualTo(FileType.FILE_TYPE_DIRECTORY);
    assertThat(dir.resolve("deep/er/tree/inner")).isDirectory();
  }

  @Test
  void move_badRequests() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");
    Path full = Files.createDirectory(dir.resolve("full"));
    Files.writeString(full.resolve("item"), "x");
    Path other = Files.createDirectory(dir.resolve("other"));

    assertStatus(() -> move(dir.resolve("missing"), dir.resolve("x")), Status.Code.NOT_FOUND,
        "source " + dir.resolve("missing") + " does not exist");
    assertStatus(() -> move(other, full), Status.Code.FAILED_PRECONDITION, full + " is a directory that is not empty");
    assertStatus(() -> move(file, other), Status.Code.INVALID_ARGUMENT, "give the destination's full path");
    assertStatus(() -> move(other, other.resolve("into")), Status.Code.INVALID_ARGUMENT, "into itself");
    assertStatus(() -> move("", file), Status.Code.INVALID_ARGUMENT, "source is empty");
    assertStatus(() -> move(file, ""), Status.Code.INVALID_ARGUMENT, "destination is empty");
  }

  @Test
  void listDir_listsToTheGivenDepth_inOrder() throws IOException {
    Files.createDirectories(dir.resolve("b/c/d"));
    Files.writeString(dir.resolve("a.txt"), "x");
    Files.writeString(dir.resolve("b/b.txt"), "x");

    assertThat(paths(list(dir, 0))).containsExactly(dir.resolve("a.txt").toString(), dir.resolve("b").toString());
    assertThat(paths(list(dir, 1))).isEqualTo(paths(list(dir, 0)));
    assertThat(paths(list(dir, 2))).containsExactly(dir.resolve("a.txt").toString(), dir.resolve("b").toString(),
        dir.resolve("b/b.txt").toString(), dir.resolve("b/c").toString());
    assertThat(list(dir, 10)).hasSize(5);
    assertThat(list(dir, -1)).hasSize(5);   // uint32 max
  }

  @Test
  void listDir_followsALinkAtTheRoot_butNoLinksInside() throws IOException {
    Path real = Files.createDirectories(dir.resolve("real/inner"));
    Files.writeString(real.resolve("secret"), "x");
    Path root = Files.createDirectory(dir.resolve("root"));
    Files.createSymbolicLink(root.resolve("to-real"), real);
    Path rootLink = Files.createSymbolicLink(dir.resolve("root-link"), root);

    List<EntryInfo> entries = list(rootLink, 5);

    assertThat(paths(entries)).containsExactly(rootLink.resolve("to-real").toString());
    assertThat(entries.get(0).getType()).isEqualTo(FileType.FILE_TYPE_SYMLINK);
    assertThat(entries.get(0).getSymlinkTarget()).isEqualTo(real.toString());
  }

  @Test
  void listDir_badPaths() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertStatus(() -> list(file, 1), Status.Code.INVALID_ARGUMENT, file + " is not a directory");
    assertStatus(() -> list(dir.resolve("missing"), 1), Status.Code.NOT_FOUND, dir.resolve("missing") + " does not exist");
    assertStatus(() -> list("", 1), Status.Code.INVALID_ARGUMENT, "path is empty");
  }

  @Test
  void remove_filesDirectoriesAndLinks_butNotLinkTargets() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");
    Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
    Files.writeString(tree.resolve("deep.txt"), "x");
    Path kept = Files.createDirectory(dir.resolve("kept"));
    Files.writeString(kept.resolve("keep.txt"), "x");
    Files.createSymbolicLink(dir.resolve("tree/a/link"), kept);
    Path link = Files.createSymbolicLink(dir.resolve("link"), kept);

    remove(file);
    remove(dir.resolve("tree"));
    remove(link);

    assertThat(file).doesNotExist();
    assertThat(dir.resolve("tree")).doesNotExist();
    assertThat(link).doesNotExist();
    assertThat(kept.resolve("keep.txt")).exists();
  }

  @Test
  void remove_badPaths() {
    assertStatus(() -> remove(dir.resolve("missing")), Status.Code.NOT_FOUND, dir.resolve("missing") + " does not exist");
    assertStatus(() -> remove("/"), Status.Code.INVALID_ARGUMENT, "refusing to remove /");
    assertStatus(() -> remove(""), Status.Code.INVALID_ARGUMENT, "path is empty");
  }

  @Test
  void remove_immutableFile_isPermissionDenied() throws Exception {
    Path file = Files.writeString(dir.resolve("locked"), "x");
    assumeTrue(chattr("+i", file) == 0, "chattr +i is not supported here");
    try {
      assertStatus(() -> remove(file), Status.Code.PERMISSION_DENIED, "operation not permitted on " + file);
    } finally {
      chattr("-i", file);
    }
  }

  private static int chattr(String flag, Path file) throws Exception {
    return new ProcessBuilder("chattr", flag, file.toString()).inheritIO().start().waitFor();
  }
}
