package dev.soulbox.agent.transfer;

import com.google.protobuf.ByteString;
import dev.soulbox.grpc.AlreadyExistsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The bytes of an upload, in a hidden file beside the target ({@code .<name>.soulbox-upload-<random>})
 * until {@link #commit} renames it over the target. Closing it before that deletes it.
 */
final class StagedFile implements AutoCloseable {
  static final String MARKER = ".soulbox-upload-";
  private static final int MAX_NAME_PART = 100;

  private final Path path;
  private final FileChannel channel;
  private final Sha256 digest = Sha256.create();
  private long size;
  private String sha256;
  private boolean committed;
  private boolean closed;

  private StagedFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /** A new, empty staging file in {@code target}'s directory, readable only by the agent. */
  static StagedFile beside(Path target) throws IOException {
    String name = target.getFileName().toString();
    if (name.length() > MAX_NAME_PART) {
      name = name.substring(0, MAX_NAME_PART);
    }
    Path path = target.resolveSibling("." + name + MARKER + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    FileChannel channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    return new StagedFile(path, channel);
  }

  Path path() {
    return path;
  }

  /** Bytes written so far. */
  long size() {
    return size;
  }

  void write(ByteString chunk) throws IOException {
    for (ByteBuffer buffer : chunk.asReadOnlyByteBufferList()) {
      digest.update(buffer);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
    size += chunk.size();
  }

  /** Stops writing; returns the lowercase hex SHA-256 of everything written. */
  String finish() throws IOException {
    if (sha256 == null) {
      channel.close();
      sha256 = digest.hex();
    }
    return sha256;
  }

  /** Moves the finished file to {@code target} in one step, replacing what is there unless {@code noOverwrite}. */
  void commit(Path target, boolean noOverwrite) throws IOException {
    if (noOverwrite) {
      linkWithoutReplacing(target);
    } else {
      Files.move(path, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    committed = true;
  }

  private void linkWithoutReplacing(Path target) throws IOException {
    try {
      // link(2) fails if the target exists, so a file created meanwhile is never replaced
      Files.createLink(target, path);
    } catch (FileAlreadyExistsException e) {
      throw alreadyExists(target);
    } catch (IOException | UnsupportedOperationException e) {
      // a file system without hard links: the JDK's check-then-rename is the best left
      try {
        Files.move(path, target);
        return;
      } catch (FileAlreadyExistsException e2) {
        throw alreadyExists(target);
      }
    }
    deleteQuietly();
  }

  private static AlreadyExistsException alreadyExists(Path target) {
    return new AlreadyExistsException("path " + target + " already exists; unset no_overwrite to replace it");
  }

  /** Deletes the staging file unless it was committed. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    digest.close();
    try {
      channel.close();
    } catch (IOException ignored) {
      // the file is deleted next; nothing to keep
    }
    if (!committed) {
      deleteQuietly();
    }
  }

  private void deleteQuietly() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // the directory is gone or read-only now; nothing more to do
    }
  }
}
