package dev.soulbox.orchestrator.proxy;

import static dev.soulbox.orchestrator.proxy.ProxyHarness.TOKEN;
import static dev.soulbox.orchestrator.proxy.ProxyHarness.toSandbox;
import static dev.soulbox.orchestrator.proxy.ProxyHarness.withHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import dev.soulbox.proto.agent.v1.FilesGrpc;
import dev.soulbox.proto.agent.v1.UploadHeader;
import dev.soulbox.proto.agent.v1.UploadRequest;
import dev.soulbox.proto.agent.v1.UploadResponse;
import dev.soulbox.proto.filesystem.FileType;
import dev.soulbox.proto.filesystem.FilesystemGrpc;
import dev.soulbox.proto.filesystem.StatRequest;
import dev.soulbox.proto.process.ListRequest;
import dev.soulbox.proto.process.ProcessGrpc;
import dev.soulbox.proto.process.StartResponse;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1alpha.ServerReflectionGrpc;
import io.grpc.reflection.v1alpha.ServerReflectionRequest;
import io.grpc.reflection.v1alpha.ServerReflectionResponse;
import io.grpc.reflection.v1alpha.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each call type through the proxy to a real agent: unary, server-, client- and bidi-streaming. */
class ProxyRelayTest {
  @TempDir Path dir;
  private ProxyHarness harness;

  @BeforeEach
  void setUp() {
    harness = ProxyHarness.start();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void unary_processList() {
    var process = toSandbox(ProcessGrpc.newBlockingStub(harness.channel));
    var started = process.start(ProcessOutput.bash("sleep 30").toBuilder().setTag("sleeper").build());
    int pid = started.next().getEvent().getStart().getPid();

    assertThat(process.list(ListRequest.getDefaultInstance()).getProcessesList())
        .anyMatch(p -> p.getPid() == pid && p.getTag().equals("sleeper"));
    assertThat(harness.proxiedCalls("process.Process", "OK")).isEqualTo(1);
  }

  @Test
  void unary_filesystemStat() {
    var fs = toSandbox(FilesystemGrpc.newBlockingStub(harness.channel));

    var entry = fs.stat(StatRequest.newBuilder().setPath(dir.toString()).build()).getEntry();

    assertThat(entry.getType()).isEqualTo(FileType.FILE_TYPE_DIRECTORY);
    assertThat(entry.getPath()).isEqualTo(dir.toString());
  }

  @Test
  void unary_error_statusPassesThroughUnchanged() {
    StatRequest missing = StatRequest.newBuilder().setPath(dir.resolve("missing").toString()).build();
    var direct = withHeaders(FilesystemGrpc.newBlockingStub(harness.direct), "x-access-token", TOKEN);
    var proxied = toSandbox(FilesystemGrpc.newBlockingStub(harness.channel));

    var expected = catchThrowableOfType(StatusRuntimeException.class, () -> direct.stat(missing));
    var actual = catchThrowableOfType(StatusRuntimeException.class, () -> proxied.stat(missing));

    assertThat(actual.getStatus().getCode()).isEqualTo(expected.getStatus().getCode());
    assertThat(actual.getStatus().getDescription()).isEqualTo(expected.getStatus().getDescription());
    assertThat(harness.proxiedCalls("filesystem.Filesystem", "NOT_FOUND")).isEqualTo(1);
  }

  @Test
  void serverStreaming_allOutputArrivesInOrder() {
    var process = toSandbox(ProcessGrpc.newBlockingStub(harness.channel));

    ProcessOutput out = ProcessOutput.drain(process.start(ProcessOutput.bash("seq 1 100000")), StartResponse::getEvent);

    String expected = IntStream.rangeClosed(1, 100_000).mapToObj(Integer::toString)
        .collect(Collectors.joining("\n", "", "\n"));
    assertThat(out.stdout()).isEqualTo(expected);
    assertThat(out.end().getExitCode()).isZero();
    assertThat(out.end().getExited()).isTrue();
  }

  @Test
  void clientStreaming_uploadOfAFewMegabytes_matchesItsChecksum() throws Exception {
    byte[] data = new byte[5 * 1024 * 1024 + 123];
    new Random(7).nextBytes(data);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    Path target = dir.resolve("upload.bin");

    CompletableFuture<UploadResponse> result = new CompletableFuture<>();
    StreamObserver<UploadRequest> requests = toSandbox(FilesGrpc.newStub(harness.channel)).upload(into(result));
    requests.onNext(UploadRequest.newBuilder().setHeader(UploadHeader.newBuilder()
        .setPath(target.toString()).setSize(data.length).setSha256(sha256)).build());
    for (int i = 0; i < data.length; i += 64 * 1024) {
      requests.onNext(UploadRequest.newBuilder()
          .setChunk(ByteString.copyFrom(data, i, Math.min(64 * 1024, data.length - i))).build());
    }
    requests.onCompleted();
    UploadResponse response = result.get(30, TimeUnit.SECONDS);

    assertThat(response.getSha256()).isEqualTo(sha256);
    assertThat(response.getEntry().getSize()).isEqualTo(data.length);
    assertThat(Files.readAllBytes(target)).isEqualTo(data);
    assertThat(harness.proxiedCalls("soulbox.agent.v1.Files", "OK")).isEqualTo(1);
  }

  @Test
  void bidiStreaming_requestsAndResponsesInterleave() throws Exception {
    BlockingQueue<ServerReflectionResponse> responses = new LinkedBlockingQueue<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests = toSandbox(ServerReflectionGrpc.newStub(harness.channel))
        .serverReflectionInfo(new StreamObserver<>() {
          @Override public void onNext(ServerReflectionResponse r) { responses.add(r); }
          @Override public void onError(Throwable t) { done.completeExceptionally(t); }
          @Override public void onCompleted() { done.complete(null); }
        });

    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    ServerReflectionResponse first = responses.poll(10, TimeUnit.SECONDS);
    requests.onNext(ServerReflectionRequest.newBuilder().setFileContainingSymbol("process.Process").build());
    ServerReflectionResponse second = responses.poll(10, TimeUnit.SECONDS);
    requests.onCompleted();
    done.get(10, TimeUnit.SECONDS);

    // the health service is the agent's, not the orchestrator port's: the stream reached the agent
    assertThat(first.getListServicesResponse().getServiceList()).extracting(ServiceResponse::getName)
        .contains("grpc.health.v1.Health", "process.Process");
    assertThat(second.getFileDescriptorResponse().getFileDescriptorProtoCount()).isPositive();
  }

  @Test
  void requestMetadata_passesThrough_withoutHopHeaders() {
    var process = withHeaders(ProcessGrpc.newBlockingStub(harness.channel),
        "sandbox-id", ProxyHarness.SANDBOX, "x-api-key", "admin-key", "x-access-token", TOKEN,
        "authorization", "Basic cm9vdDo=", "keepalive-ping-interval", "0.2", "x-custom", "kept");

    ProcessOutput out = ProcessOutput.drain(process.start(ProcessOutput.bash("sleep 1")), StartResponse::getEvent);

    Metadata seen = harness.upstream.last("process.Process/Start").headers();
    assertThat(seen.get(key("x-access-token"))).isEqualTo(TOKEN);
    assertThat(seen.get(key("authorization"))).isEqualTo("Basic cm9vdDo=");
    assertThat(seen.get(key("keepalive-ping-interval"))).isEqualTo("0.2");
    assertThat(seen.get(key("x-custom"))).isEqualTo("kept");
    assertThat(seen.containsKey(key("sandbox-id"))).isFalse();
    assertThat(seen.containsKey(key("x-api-key"))).isFalse();
    // the agent honoured the keepalive interval it was given
    assertThat(out.sawKeepalive).isTrue();
  }

  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }

  private static <T> StreamObserver<T> into(CompletableFuture<T> result) {
    return new StreamObserver<>() {
      @Override public void onNext(T value) { result.complete(value); }
      @Override public void onError(Throwable t) { result.completeExceptionally(t); }
      @Override public void onCompleted() {}
    };
  }
}
