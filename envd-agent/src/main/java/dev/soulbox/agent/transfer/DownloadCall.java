package dev.soulbox.agent.transfer;

import com.google.protobuf.UnsafeByteOperations;
import dev.soulbox.agent.auth.UserAccount;
import dev.soulbox.agent.auth.UserPaths;
import dev.soulbox.agent.fs.EntryInfos;
import dev.soulbox.grpc.FailedPreconditionException;
import dev.soulbox.grpc.FileErrors;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.grpc.OutOfRangeException;
import dev.soulbox.grpc.stream.ServerStream;
import dev.soulbox.grpc.stream.StreamSource;
import dev.soulbox.proto.agent.v1.DownloadRequest;
import dev.soulbox.proto.agent.v1.DownloadResponse;
import dev.soulbox.proto.agent.v1.DownloadTrailer;
import dev.soulbox.proto.filesystem.EntryInfo;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Download call: the entry, then the requested range in chunks, read only while the client
 * can take more, then a trailer with the count and SHA-256 of the bytes sent. Reads run on the
 * call's executor (the handler thread, then onReady), never on the transport's event loop.
 */
final class DownloadCall implements StreamSource<DownloadResponse> {
  /** Large enough to keep a fast link busy, far below the 4 MiB default message limit. */
  static final int CHUNK_BYTES = 256 * 1024;
  private static final Logger log = LoggerFactory.getLogger(DownloadCall.class);

  private final Path path;
  private final EntryInfo entry;
  private final FileChannel channel;
  private final long end;
  private final Sha256 digest = Sha256.create();
  private final long offset;
  private long position;

  private DownloadCall(Path path, EntryInfo entry, FileChannel channel, long offset, long end) {
    this.path = path;
    this.entry = entry;
    this.channel = channel;
    this.offset = offset;
    this.position = offset;
    this.end = end;
  }

  /** Checks the request and opens the file; the download starts with {@link #sendTo}. */
  static DownloadCall open(DownloadRequest request, UserAccount caller) {
    Path path = UserPaths.resolve(request.getPath(), caller);
    checkIsFile(path);
    EntryInfo entry = EntryInfos.of(Files.isSymbolicLink(path) ? realPath(path) : path);
    FileChannel channel = null;
    long size;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
      size = channel.size();
    } catch (IOException e) {
      if (channel != null) {
        closeQuietly(channel);
      }
      throw FileErrors.of("read " + path, path, e);
    }
    long offset = request.getOffset();
    if (offset < 0 || offset > size) {
      closeQuietly(channel);
      throw new OutOfRangeException("offset " + Long.toUnsignedString(offset) + " is past the end of " + path
          + ", which has " + size + " bytes");
    }
    long length = request.getLength();
    boolean toEnd = length == 0 || Long.compareUnsigned(length, size - offset) > 0;
    return new DownloadCall(path, entry, channel, offset, toEnd ? size : offset + length);
  }

  private static void checkIsFile(Path path) {
    if (!Files.exists(path)) {
      throw new NotFoundException("path " + path + " does not exist");
    }
    if (Files.isDirectory(path)) {
      throw new InvalidArgumentException("path " + path + " is a directory; download its files one by one");
    }
    if (!Files.isRegularFile(path)) {
      // a pipe or device could block the reader forever
      throw new InvalidArgumentException("path " + path + " is not a regular file");
    }
  }

  /** Must run inside the RPC's handler method, where flow-control handlers can still be set. */
  void sendTo(ServerCallStreamObserver<DownloadResponse> out) {
    ServerStream.of(out, this).begin();
  }

  @Override
  public DownloadResponse opening() {
    return DownloadResponse.newBuilder().setEntry(entry).build();
  }

  @Override
  public DownloadResponse next() {
    if (position == end) {
      return null;
    }
    try {
      return DownloadResponse.newBuilder().setChunk(UnsafeByteOperations.unsafeWrap(readChunk())).build();
    } catch (IOException e) {
      throw FileErrors.of("read " + path, path, e);
    }
  }

  @Override
  public boolean exhausted() {
    return position == end;
  }

  @Override
  public DownloadResponse closing() {
    log.info("downloaded {} (bytes {}-{})", path, offset, end);
    return DownloadResponse.newBuilder()
        .setTrailer(DownloadTrailer.newBuilder().setSize(end - offset).setSha256(digest.hex())).build();
  }

  @Override
  public void onAvailable(Runnable wake) {
    // the file is always readable: the stream asks again whenever the client can take more
  }

  /** The next chunk, in a new array that the message can own. */
  private byte[] readChunk() throws IOException {
    byte[] bytes = new byte[(int) Math.min(CHUNK_BYTES, end - position)];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new FailedPreconditionException(path + " shrank to " + (position + buffer.position())
            + " bytes during the download; download it again");
      }
    }
    digest.update(bytes, 0, bytes.length);
    position += bytes.length;
    return bytes;
  }

  /** Stops the download and closes the file. */
  @Override
  public void close() {
    digest.close();
    closeQuietly(channel);
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw FileErrors.of("resolve " + path, path, e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // only read from; nothing is lost
    }
  }
}
