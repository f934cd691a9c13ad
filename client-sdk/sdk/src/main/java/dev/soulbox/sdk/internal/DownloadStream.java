package dev.soulbox.sdk.internal;

import dev.soulbox.proto.agent.v1.DownloadRequest;
import dev.soulbox.proto.agent.v1.DownloadResponse;
import dev.soulbox.proto.agent.v1.DownloadTrailer;
import dev.soulbox.sdk.ChecksumMismatchException;
import dev.soulbox.sdk.EntryInfo;
import dev.soulbox.sdk.SoulBoxException;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Iterator;

/**
 * One Download as an {@link InputStream}: chunks are pulled as the reader asks for them (gRPC's
 * flow control holds the rest back in the sandbox), hashed on the way, and checked against the
 * trailer's SHA-256 and size at the end. Closing it early cancels the call.
 */
final class DownloadStream extends InputStream {
  private final SandboxChannel sandbox;
  private final String path;
  private final Context.CancellableContext context;
  private final Iterator<DownloadResponse> responses;
  private final MessageDigest sha = Sha256.digest();
  private EntryInfo entry;
  private byte[] chunk = new byte[0];
  private int position;
  private long received;
  private boolean ended;

  private DownloadStream(SandboxChannel sandbox, String path) {
    this.sandbox = sandbox;
    this.path = path;
    this.context = Context.current().withCancellation();
    Context previous = context.attach();
    try {
      responses = sandbox.filesBlocking().download(DownloadRequest.newBuilder().setPath(path).build());
    } finally {
      context.detach(previous);
    }
  }

  /** Opens the download and reads the entry, so a missing file fails here rather than on the first read. */
  static DownloadStream open(SandboxChannel sandbox, String path) {
    DownloadStream s = new DownloadStream(sandbox, path);
    try {
      s.advance();
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** The file as the sandbox described it when the download began. */
  EntryInfo entry() {
    return entry;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    while (position == chunk.length) {
      if (ended) {
        return -1;
      }
      advance();
    }
    int n = Math.min(len, chunk.length - position);
    System.arraycopy(chunk, position, b, off, n);
    position += n;
    return n;
  }

  private void advance() {
    DownloadResponse r;
    try {
      if (!responses.hasNext()) {
        throw new SoulBoxException("download " + path + ": the stream ended before its trailer");
      }
      r = responses.next();
    } catch (StatusRuntimeException e) {
      throw sandbox.error(e, "download " + path);
    }
    switch (r.getPartCase()) {
      case ENTRY -> entry = Entries.of(r.getEntry());
      case CHUNK -> {
        chunk = r.getChunk().toByteArray();
        position = 0;
        received += chunk.length;
        sha.update(chunk);
      }
      case TRAILER -> finish(r.getTrailer());
      default -> { }
    }
  }

  private void finish(DownloadTrailer trailer) {
    ended = true;
    String got = Sha256.hex(sha);
    if (trailer.getSize() != received || !got.equals(trailer.getSha256())) {
      throw new ChecksumMismatchException("download " + path + ": received " + received + " bytes with SHA-256 "
          + got + ", but the sandbox sent " + trailer.getSize() + " bytes with SHA-256 " + trailer.getSha256());
    }
  }

  @Override
  public void close() {
    context.cancel(null);
  }
}
