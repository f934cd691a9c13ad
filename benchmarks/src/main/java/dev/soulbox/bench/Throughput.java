package dev.soulbox.bench;

import com.google.protobuf.ByteString;
import dev.soulbox.proto.agent.v1.DownloadRequest;
import dev.soulbox.proto.agent.v1.DownloadResponse;
import dev.soulbox.proto.agent.v1.FilesGrpc;
import dev.soulbox.proto.agent.v1.UploadHeader;
import dev.soulbox.proto.agent.v1.UploadRequest;
import dev.soulbox.proto.agent.v1.UploadResponse;
import dev.soulbox.proto.process.ProcessConfig;
import dev.soulbox.proto.process.ProcessGrpc;
import dev.soulbox.proto.process.StartRequest;
import dev.soulbox.proto.process.StartResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.Iterator;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Bulk transfers through an agent's gRPC API, each returning MB/s: stdout streaming, upload, download. */
final class Throughput {
  static final int CHUNK = 256 * 1024;

  private Throughput() {
  }

  /** Streams {@code bytes} of {@code head -c … /dev/zero}'s stdout. */
  static double stdout(ProcessGrpc.ProcessBlockingStub process, long bytes) {
    StartRequest head = StartRequest.newBuilder().setProcess(ProcessConfig.newBuilder().setCmd("/bin/sh").addArgs("-c")
        .addArgs("head -c " + bytes + " /dev/zero")).setStdin(false).build();
    long got = 0;
    long t0 = System.nanoTime();
    Iterator<StartResponse> stream = process.start(head);
    while (stream.hasNext()) {
      got += stream.next().getEvent().getData().getStdout().size();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    if (got != bytes) {
      throw new IllegalStateException("streamed " + got + " of " + bytes);
    }
    return bytes / secs / 1e6;
  }

  /** Uploads {@code bytes} of random data to {@code path} in 256 KiB chunks, as fast as flow control lets it. */
  static double upload(FilesGrpc.FilesStub files, String path, long bytes) throws Exception {
    byte[] data = new byte[CHUNK];
    new Random(1).nextBytes(data);
    ByteString chunk = ByteString.copyFrom(data);
    CompletableFuture<UploadResponse> done = new CompletableFuture<>();
    long t0 = System.nanoTime();
    files.upload(new ClientResponseObserver<UploadRequest, UploadResponse>() {
      private long sent;
      private boolean header;

      @Override
      public void beforeStart(ClientCallStreamObserver<UploadRequest> out) {
        out.setOnReadyHandler(() -> {
          if (!header) {
            header = true;
            out.onNext(UploadRequest.newBuilder().setHeader(UploadHeader.newBuilder().setPath(path)).build());
          }
          while (out.isReady() && sent < bytes) {
            out.onNext(UploadRequest.newBuilder().setChunk(chunk).build());
            sent += CHUNK;
            if (sent >= bytes) {
              out.onCompleted();
            }
          }
        });
      }

      @Override public void onNext(UploadResponse value) { done.complete(value); }
      @Override public void onError(Throwable t) { done.completeExceptionally(t); }
      @Override public void onCompleted() { }
    });
    done.get(10, TimeUnit.MINUTES);
    return bytes / ((System.nanoTime() - t0) / 1e9) / 1e6;
  }

  /** Downloads {@code path}, which must hold {@code bytes}. */
  static double download(FilesGrpc.FilesBlockingStub files, String path, long bytes) {
    long t0 = System.nanoTime();
    long got = 0;
    Iterator<DownloadResponse> download = files.download(DownloadRequest.newBuilder().setPath(path).build());
    while (download.hasNext()) {
      got += download.next().getChunk().size();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    if (got != bytes) {
      throw new IllegalStateException("downloaded " + got + " of " + bytes);
    }
    return bytes / secs / 1e6;
  }
}
