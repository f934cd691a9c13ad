package dev.soulbox.agent.transfer;

import static dev.soulbox.agent.transfer.FilesClient.chunk;
import static dev.soulbox.agent.transfer.FilesClient.header;
import static dev.soulbox.agent.transfer.FilesClient.headerMessage;
import static dev.soulbox.agent.transfer.TestFiles.deleteTree;
import static dev.soulbox.agent.transfer.TestFiles.names;
import static dev.soulbox.agent.transfer.TestFiles.openDescriptors;
import static dev.soulbox.agent.transfer.TestFiles.randomBytes;
import static dev.soulbox.agent.transfer.TestFiles.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.soulbox.agent.os.Posix;
import dev.soulbox.agent.server.TestAgent;
import dev.soulbox.proto.agent.v1.DownloadRequest;
import dev.soulbox.proto.agent.v1.DownloadResponse;
import dev.soulbox.proto.agent.v1.UploadRequest;
import dev.soulbox.proto.agent.v1.UploadResponse;
import dev.soulbox.proto.filesystem.FileType;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilesServiceTest {
  private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private TestAgent agent;
  private FilesClient files;
  private Path mounted;

  @BeforeEach
  void setUp() {
    agent = TestAgent.start();
    files = new FilesClient(agent.channel());
  }

  @AfterEach
  void tearDown() throws Exception {
    agent.close();
    if (mounted != null) {
      run("umount", mounted.toString());
    }
  }


  static void assertStatus(Runnable call, Status.Code code, String messagePart) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).contains(messagePart);
    });
  }

  @Test
  void upload_thenDownload_roundTripsBytesAndChecksum() throws Exception {
    byte[] data = randomBytes(3 * 1024 * 1024 + 17);
    Path target = dir.resolve("data.bin");

    UploadResponse uploaded = files.upload(header(target).setSize(data.length).setSha256(sha256(data)), data);
    FilesClient.Download downloaded = files.download(target, 0, 0);

    assertThat(uploaded.getSha256()).isEqualTo(sha256(data));
    assertThat(uploaded.getEntry().getPath()).isEqualTo(target.toString());
    assertThat(uploaded.getEntry().getSize()).isEqualTo(data.length);
    assertThat(uploaded.getEntry().getType()).isEqualTo(FileType.FILE_TYPE_FILE);
    assertThat(Files.readAllBytes(target)).isEqualTo(data);
    assertThat(downloaded.parts().get(0)).isEqualTo("entry");
    assertThat(downloaded.parts().get(downloaded.parts().size() - 1)).isEqualTo("trailer");
    assertThat(downloaded.parts()).filteredOn("chunk"::equals).hasSizeGreaterThan(1);
    assertThat(downloaded.entry().getSize()).isEqualTo(data.length);
    assertThat(downloaded.bytes()).isEqualTo(data);
    assertThat(downloaded.trailer().getSize()).isEqualTo(data.length);
    assertThat(downloaded.trailer().getSha256()).isEqualTo(sha256(data));
    assertThat(names(dir)).containsExactly("data.bin");
  }

  @Test
  void upload_relativePath_resolvesAgainstHomeAndCreatesParents() throws Exception {
    String top = "soulbox-files-test-" + UUID.randomUUID();
    Path home = agent.server().defaultUser().home();
    try {
      UploadResponse response = files.upload(header(top + "/a/b/c.txt"), HELLO);

      Path expected = home.resolve(top).resolve("a/b/c.txt");
      assertThat(response.getEntry().getPath()).isEqualTo(expected.toString());
      assertThat(Files.readAllBytes(expected)).isEqualTo(HELLO);
      assertThat(Files.getAttribute(expected.getParent(), "unix:uid")).isEqualTo(agent.server().defaultUser().uid());
    } finally {
      deleteTree(home.resolve(top));
    }
  }

  @Test
  void upload_emptyFile_isCreated() {
    UploadResponse response = files.send(List.of(headerMessage(header(dir.resolve("empty")))));

    assertThat(response.getEntry().getSize()).isZero();
    assertThat(response.getSha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void upload_appliesModeAndDefaultsTo0644() throws Exception {
    UploadResponse secret = files.upload(header(dir.resolve("secret")).setMode(0600), HELLO);
    UploadResponse plain = files.upload(header(dir.resolve("plain")), HELLO);
    UploadResponse setuid = files.upload(header(dir.resolve("tool")).setMode(04755), HELLO);

    assertThat(secret.getEntry().getPermissions()).isEqualTo("-rw-------");
    assertThat(plain.getEntry().getPermissions()).isEqualTo("-rw-r--r--");
    assertThat((Integer) Files.getAttribute(dir.resolve("tool"), "unix:mode") & 07777).isEqualTo(04755);
    assertThat(setuid.getEntry().getMode()).isEqualTo(0755);
  }

  @Test
  void upload_appliesOwner() {
    assumeTrue(Posix.uid() == 0, "only root can give files away");

    UploadResponse response = files.upload(header(dir.resolve("theirs")).setOwner("nobody"), HELLO);

    assertThat(response.getEntry().getOwner()).isEqualTo("nobody");
    assertThat(response.getEntry().getGroup()).isIn("nogroup", "nobody");
  }

  @Test
  void upload_replacesExistingFile_unlessNoOverwrite() throws Exception {
    Path target = dir.resolve("f.txt");
    Files.writeString(target, "old");

    files.upload(header(target), "new".getBytes(StandardCharsets.UTF_8));
    assertStatus(() -> files.upload(header(target).setNoOverwrite(true), HELLO), Status.Code.ALREADY_EXISTS,
        "already exists");

    assertThat(Files.readString(target)).isEqualTo("new");
    assertThat(names(dir)).containsExactly("f.txt");
    assertThat(files.upload(header(dir.resolve("fresh")).setNoOverwrite(true), HELLO).getEntry().getSize())
        .isEqualTo(HELLO.length);
  }

  @Test
  void upload_withoutHeaderFirst_isInvalidArgument() {
    assertStatus(() -> files.send(List.of(chunk(HELLO))), Status.Code.INVALID_ARGUMENT, "first message must be the header");
    assertStatus(() -> files.send(List.of()), Status.Code.INVALID_ARGUMENT, "without a header");
    assertStatus(() -> files.send(List.of(UploadRequest.getDefaultInstance())), Status.Code.INVALID_ARGUMENT,
        "upload message is empty");
  }

  @Test
  void upload_headerTwice_isInvalidArgumentAndLeavesNothing() {
    UploadRequest header = headerMessage(header(dir.resolve("twice")));

    assertStatus(() -> files.send(List.of(header, chunk(HELLO), header)), Status.Code.INVALID_ARGUMENT,
        "header sent twice");
    assertThat(names(dir)).isEmpty();
  }

  @Test
  void upload_badHeader_isInvalidArgument() throws Exception {
    Files.createDirectory(dir.resolve("sub"));
    Files.write(dir.resolve("file"), HELLO);

    assertStatus(() -> files.upload(header(""), HELLO), Status.Code.INVALID_ARGUMENT, "path is empty");
    assertStatus(() -> files.upload(header(dir.resolve("m")).setMode(010000), HELLO), Status.Code.INVALID_ARGUMENT,
        "mode 010000 is not valid");
    assertStatus(() -> files.upload(header(dir.resolve("o")).setOwner("no-such-user"), HELLO),
        Status.Code.INVALID_ARGUMENT, "owner no-such-user does not exist");
    assertStatus(() -> files.upload(header(dir.resolve("s")).setSha256("abc"), HELLO),
        Status.Code.INVALID_ARGUMENT, "is not a SHA-256");
    assertStatus(() -> files.upload(header(dir.resolve("sub")), HELLO), Status.Code.INVALID_ARGUMENT,
        "is a directory");
    assertStatus(() -> files.upload(header(dir.resolve("file/child")), HELLO), Status.Code.INVALID_ARGUMENT,
        dir.resolve("file") + " is not a directory");
    assertThat(names(dir)).containsExactly("file", "sub");
  }

  @Test
  void upload_sizeMismatch_isInvalidArgumentAndLeavesNothing() {
    assertStatus(() -> files.upload(header(dir.resolve("short")).setSize(HELLO.length + 1), HELLO),
        Status.Code.INVALID_ARGUMENT, "header.size announced " + (HELLO.length + 1));
    assertStatus(() -> files.upload(header(dir.resolve("long")).setSize(2), HELLO),
        Status.Code.INVALID_ARGUMENT, "sent more than the 2 bytes");
    assertThat(names(dir)).isEmpty();
  }

  @Test
  void upload_checksumMismatch_isDataLossAndLeavesNothing() throws Exception {
    Path target = dir.resolve("f.txt");
    Files.writeString(target, "old");

    assertStatus(() -> files.upload(header(target).setSha256("0".repeat(64)), HELLO), Status.Code.DATA_LOSS,
        "has SHA-256 " + sha256(HELLO));
    assertThat(names(dir)).containsExactly("f.txt");
    assertThat(Files.readString(target)).isEqualTo("old");
  }

  @Test
  void upload_clientCancelsMidStream_leavesNothing() {
    CompletableFuture<UploadResponse> result = new CompletableFuture<>();
    StreamObserver<UploadRequest> requests = files.async().upload(FilesClient.into(result));
    requests.onNext(headerMessage(header(dir.resolve("big.bin"))));
    byte[] megabyte = randomBytes(1 << 20);
    for (int i = 0; i < 3; i++) {
      requests.onNext(chunk(megabyte));
    }
    await().until(() -> names(dir).stream().anyMatch(n -> n.startsWith(".big.bin" + StagedFile.MARKER)));

    requests.onError(new RuntimeException("client gave up"));

    await().until(() -> names(dir).isEmpty());
    assertStatus(() -> FilesClient.await(result), Status.Code.CANCELLED, "Cancelled by client");
  }

  @ParameterizedTest
  @CsvSource({"0, 0, 0, 1000", "10, 20, 10, 30", "990, 0, 990, 1000", "990, 50, 990, 1000", "1000, 0, 1000, 1000",
      "0, 1000, 0, 1000"})
  void download_range(long offset, long length, int from, int to) throws Exception {
    byte[] data = randomBytes(1000);
    Path source = dir.resolve("range.bin");
    Files.write(source, data);

    FilesClient.Download d = files.download(source, offset, length);

    byte[] expected = Arrays.copyOfRange(data, from, to);
    assertThat(d.bytes()).isEqualTo(expected);
    assertThat(d.trailer().getSize()).isEqualTo(expected.length);
    assertThat(d.trailer().getSha256()).isEqualTo(sha256(expected));
    assertThat(d.entry().getSize()).isEqualTo(1000);
  }

  @Test
  void download_badRequests_haveTheirStatus() throws Exception {
    Path source = dir.resolve("f.txt");
    Files.write(source, HELLO);

    assertStatus(() -> files.download(source, HELLO.length + 1, 0), Status.Code.OUT_OF_RANGE,
        "offset 7 is past the end of " + source + ", which has 6 bytes");
    assertStatus(() -> files.download(dir, 0, 0), Status.Code.INVALID_ARGUMENT, "is a directory");
    assertStatus(() -> files.download(dir.resolve("nope"), 0, 0), Status.Code.NOT_FOUND,
        "path " + dir.resolve("nope") + " does not exist");
    assertStatus(() -> files.download("", 0, 0), Status.Code.INVALID_ARGUMENT, "path is empty");
  }

  @Test
  void download_clientCancels_closesTheFile() throws Exception {
    Path source = dir.resolve("big.bin");
    Files.write(source, randomBytes(16 << 20));
    Context.CancellableContext call = Context.current().withCancellation();
    Iterator<DownloadResponse> responses = call.call(() -> files.blocking().download(
        DownloadRequest.newBuilder().setPath(source.toString()).build()));
    responses.next();
    responses.next();
    assertThat(openDescriptors(source)).isEqualTo(1);

    call.cancel(null);

    await().until(() -> openDescriptors(source) == 0);
  }

  @Test
  void upload_diskFills_isResourceExhaustedAndLeavesNothing() throws Exception {
    Path small = mountSmallTmpfs();

    assertStatus(() -> files.upload(header(small.resolve("big.bin")), randomBytes(2 << 20)),
        Status.Code.RESOURCE_EXHAUSTED, "no space left on device for " + small.resolve("big.bin"));
    assertThat(names(small)).isEmpty();
  }

  @Test
  void upload_announcedSizeTooLarge_isResourceExhaustedBeforeWriting() throws Exception {
    Path small = mountSmallTmpfs();

    assertStatus(() -> files.send(List.of(headerMessage(header(small.resolve("big.bin")).setSize(2 << 20)))),
        Status.Code.RESOURCE_EXHAUSTED, "not enough space for " + small.resolve("big.bin") + ": 2097152 bytes");
    assertThat(names(small)).isEmpty();
  }

  /** A 1 MiB file system, unmounted after the test. */
  private Path mountSmallTmpfs() throws Exception {
    assumeTrue(Posix.uid() == 0, "mounting a tmpfs needs root");
    Path small = Files.createDirectory(dir.resolve("small"));
    assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString()) == 0, "cannot mount a tmpfs");
    mounted = small;
    return small;
  }

  private static int run(String... command) throws Exception {
    return new ProcessBuilder(command).inheritIO().start().waitFor();
  }

}
