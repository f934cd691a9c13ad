package dev.soulbox.sdk.internal;

import com.google.protobuf.ByteString;
import dev.soulbox.proto.agent.v1.UploadHeader;
import dev.soulbox.proto.agent.v1.UploadRequest;
import dev.soulbox.proto.agent.v1.UploadResponse;
import dev.soulbox.sdk.ChecksumMismatchException;
import dev.soulbox.sdk.SoulBoxException;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One Upload: the header, then the source's bytes in chunks, sent only while gRPC can take them
 * (so memory stays flat whatever the size), then a check that the sandbox hashed what was sent.
 */
final class UploadCall implements ClientResponseObserver<UploadRequest, UploadResponse> {
  static final int CHUNK_BYTES = 128 * 1024;

  private final CompletableFuture<UploadResponse> response = new CompletableFuture<>();
  private final Object ready = new Object();
  private ClientCallStreamObserver<UploadRequest> requests;

  private UploadCall() {
  }

  /** Uploads {@code source} to the path in {@code header}; the caller closes the source. */
  static UploadResponse send(SandboxChannel sandbox, UploadHeader header, InputStream source) {
    String action = "upload to " + header.getPath();
    UploadCall call = new UploadCall();
    sandbox.files().upload(call);
    MessageDigest sha = Sha256.digest();
    try {
      call.requests.onNext(UploadRequest.newBuilder().setHeader(header).build());
      byte[] buffer = new byte[CHUNK_BYTES];
      for (int n; (n = source.readNBytes(buffer, 0, buffer.length)) > 0; ) {
        if (!call.awaitReady()) {
          break; // the sandbox already answered, with an error
        }
        sha.update(buffer, 0, n);
        call.requests.onNext(UploadRequest.newBuilder().setChunk(ByteString.copyFrom(buffer, 0, n)).build());
      }
      call.requests.onCompleted();
    } catch (IOException e) {
      call.requests.cancel("reading the source failed", e);
      throw new UncheckedIOException("cannot read the data to upload to " + header.getPath(), e);
    } catch (RuntimeException e) {
      call.requests.cancel("upload abandoned", e);
      throw e;
    }
    UploadResponse r = call.await(sandbox, action);
    String sent = Sha256.hex(sha);
    if (!sent.equals(r.getSha256())) {
      throw new ChecksumMismatchException(action + ": sent bytes with SHA-256 " + sent + " but the sandbox wrote "
          + r.getSha256());
    }
    return r;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<UploadRequest> requestStream) {
    this.requests = requestStream;
    requestStream.setOnReadyHandler(this::wake);
  }

  @Override
  public void onNext(UploadResponse value) {
    response.complete(value);
  }

  @Override
  public void onError(Throwable t) {
    response.completeExceptionally(t);
    wake();
  }

  @Override
  public void onCompleted() {
    response.completeExceptionally(Status.INTERNAL.withDescription("the upload ended without a response")
        .asRuntimeException());
    wake();
  }

  /** Waits until the call can take another chunk; false when it has ended. */
  private boolean awaitReady() {
    synchronized (ready) {
      while (!requests.isReady() && !response.isDone()) {
        try {
          ready.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SoulBoxException("interrupted while uploading", e);
        }
      }
    }
    return !response.isDone();
  }

  private void wake() {
    synchronized (ready) {
      ready.notifyAll();
    }
  }

  private UploadResponse await(SandboxChannel sandbox, String action) {
    try {
      return response.get(sandbox.settings().requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw sandbox.error(e.getCause(), action);
    } catch (java.util.concurrent.TimeoutException e) {
      requests.cancel("no response", null);
      throw new dev.soulbox.sdk.TimeoutException(action + ": no response from the sandbox after the last byte", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      requests.cancel("interrupted", e);
      throw new SoulBoxException("interrupted while uploading", e);
    }
  }
}
