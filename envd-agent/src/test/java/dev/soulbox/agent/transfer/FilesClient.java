package dev.soulbox.agent.transfer;

import com.google.protobuf.ByteString;
import dev.soulbox.proto.agent.v1.DownloadRequest;
import dev.soulbox.proto.agent.v1.DownloadResponse;
import dev.soulbox.proto.agent.v1.DownloadTrailer;
import dev.soulbox.proto.agent.v1.FilesGrpc;
import dev.soulbox.proto.agent.v1.UploadHeader;
import dev.soulbox.proto.agent.v1.UploadRequest;
import dev.soulbox.proto.agent.v1.UploadResponse;
import dev.soulbox.proto.filesystem.EntryInfo;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Test client for the Files service: whole uploads and downloads in one call each. */
final class FilesClient {
  static final int CHUNK = 64 * 1024;

  /** What a download returned, and in which order its parts came. */
  record Download(EntryInfo entry, byte[] bytes, DownloadTrailer trailer, List<String> parts) {}

  private final FilesGrpc.FilesStub async;
  private final FilesGrpc.FilesBlockingStub blocking;

  FilesClient(Channel channel) {
    this.async = FilesGrpc.newStub(channel);
    this.blocking = FilesGrpc.newBlockingStub(channel);
  }

  FilesGrpc.FilesStub async() {
    return async;
  }

  FilesGrpc.FilesBlockingStub blocking() {
    return blocking;
  }

  static UploadHeader.Builder header(Object path) {
    return UploadHeader.newBuilder().setPath(path.toString());
  }

  static UploadRequest headerMessage(UploadHeader.Builder header) {
    return UploadRequest.newBuilder().setHeader(header).build();
  }

  static UploadRequest chunk(byte[] bytes) {
    return UploadRequest.newBuilder().setChunk(ByteString.copyFrom(bytes)).build();
  }


  /** Uploads {@code data} in 64 KiB chunks after the header; throws the call's StatusRuntimeException. */
  UploadResponse upload(UploadHeader.Builder header, byte[] data) {
    List<UploadRequest> messages = new ArrayList<>();
    messages.add(headerMessage(header));
    for (int i = 0; i < data.length; i += CHUNK) {
      messages.add(UploadRequest.newBuilder().setChunk(ByteString.copyFrom(data, i, Math.min(CHUNK, data.length - i))).build());
    }
    return send(messages);
  }

  /** Sends exactly {@code messages}, then completes the stream. */
  UploadResponse send(List<UploadRequest> messages) {
    CompletableFuture<UploadResponse> result = new CompletableFuture<>();
    StreamObserver<UploadRequest> requests = async.upload(into(result));
    messages.forEach(requests::onNext);
    requests.onCompleted();
    return await(result);
  }

  Download download(DownloadRequest request) {
    Iterator<DownloadResponse> responses = blocking.download(request);
    EntryInfo entry = null;
    DownloadTrailer trailer = null;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> parts = new ArrayList<>();
    while (responses.hasNext()) {
      DownloadResponse response = responses.next();
      parts.add(response.getPartCase().name().toLowerCase());
      switch (response.getPartCase()) {
        case ENTRY -> entry = response.getEntry();
        case CHUNK -> bytes.writeBytes(response.getChunk().toByteArray());
        case TRAILER -> trailer = response.getTrailer();
        default -> throw new AssertionError("empty download message");
      }
    }
    return new Download(entry, bytes.toByteArray(), trailer, parts);
  }

  Download download(Object path, long offset, long length) {
    return download(DownloadRequest.newBuilder().setPath(path.toString()).setOffset(offset).setLength(length).build());
  }

  static <T> StreamObserver<T> into(CompletableFuture<T> result) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        result.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        result.complete(null);
      }
    };
  }

  static <T> T await(CompletableFuture<T> result) {
    try {
      return result.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }
}
