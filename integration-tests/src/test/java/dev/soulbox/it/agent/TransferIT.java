package dev.soulbox.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.soulbox.proto.agent.v1.DownloadRequest;
import dev.soulbox.proto.agent.v1.DownloadResponse;
import dev.soulbox.proto.agent.v1.FilesGrpc;
import dev.soulbox.proto.agent.v1.UploadHeader;
import dev.soulbox.proto.agent.v1.UploadRequest;
import dev.soulbox.proto.agent.v1.UploadResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** 100 MB through Upload and back through Download, over TCP, checksummed at both ends. */
class TransferIT {
  private static final long SIZE = 100L * 1024 * 1024;
  private static final int CHUNK = 256 * 1024;
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
  void hundredMegabytes_roundTrip(@TempDir Path dir) throws Exception {
    roundTrip(agent, dir.resolve("nested/blob.bin"), SIZE);
  }

  /** 2 GiB through an agent whose whole heap is 48 MiB: nothing holds a file in memory. */
  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void twoGigabytes_throughASmallHeap(@TempDir Path dir) throws Exception {
    try (AgentProcess small = AgentProcess.startWithJvm(List.of("-Xmx48m", "-XX:MaxDirectMemorySize=32m"))) {
      roundTrip(small, dir.resolve("big.bin"), 2L << 30);
      assertThat(small.process().isAlive()).isTrue();
    }
  }

  private static void roundTrip(AgentProcess agent, Path target, long size) throws Exception {
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    UploadResponse uploaded = upload(agent, target.toString(), size, sent);

    String expectedSha = HexFormat.of().formatHex(sent.digest());
    assertThat(uploaded.getSha256()).isEqualTo(expectedSha);
    assertThat(uploaded.getEntry().getSize()).isEqualTo(size);
    assertThat(Files.size(target)).isEqualTo(size);

    MessageDigest received = MessageDigest.getInstance("SHA-256");
    long bytes = 0;
    String trailerSha = null;
    Iterator<DownloadResponse> download = agent.authorized(FilesGrpc.newBlockingStub(agent.rawChannel()))
        .download(DownloadRequest.newBuilder().setPath(target.toString()).build());
    while (download.hasNext()) {
      DownloadResponse part = download.next();
      if (part.hasChunk()) {
        received.update(part.getChunk().asReadOnlyByteBuffer());
        bytes += part.getChunk().size();
      } else if (part.hasTrailer()) {
        trailerSha = part.getTrailer().getSha256();
      }
    }
    assertThat(bytes).isEqualTo(size);
    assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(expectedSha).isEqualTo(trailerSha);
    Files.delete(target);
  }

  /** Streams random bytes, sending only while the transport is ready, as a well-behaved client does. */
  private static UploadResponse upload(AgentProcess agent, String path, long size, MessageDigest digest)
      throws Exception {
    CompletableFuture<UploadResponse> result = new CompletableFuture<>();
    Random random = new Random(42);
    byte[] chunk = new byte[CHUNK];
    agent.authorized(FilesGrpc.newStub(agent.rawChannel())).upload(new ClientResponseObserver<UploadRequest, UploadResponse>() {
      private long sentBytes;
      private boolean headerSent;

      @Override
      public void beforeStart(ClientCallStreamObserver<UploadRequest> requests) {
        requests.setOnReadyHandler(() -> {
          if (!headerSent) {
            headerSent = true;
            requests.onNext(UploadRequest.newBuilder().setHeader(UploadHeader.newBuilder().setPath(path).setSize(size)).build());
          }
          while (requests.isReady() && sentBytes < size) {
            random.nextBytes(chunk);
            digest.update(chunk);
            requests.onNext(UploadRequest.newBuilder().setChunk(ByteString.copyFrom(chunk)).build());
            sentBytes += CHUNK;
            if (sentBytes == size) {
              requests.onCompleted();
            }
          }
        });
      }

      @Override public void onNext(UploadResponse value) { result.complete(value); }
      @Override public void onError(Throwable t) { result.completeExceptionally(t); }
      @Override public void onCompleted() { }
    });
    return result.get(10, TimeUnit.MINUTES);
  }
}
