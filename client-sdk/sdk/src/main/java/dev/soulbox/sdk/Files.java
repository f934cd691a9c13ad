package dev.soulbox.sdk;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Files in a sandbox. Paths are absolute or relative to the home directory of the sandbox's
 * default user ({@code ~} works too). Contents move as streams of chunks, so memory does not grow
 * with file size; every write lands atomically (readers never see half a file, a failed write
 * leaves nothing) and every transfer is checked against its SHA-256.
 *
 * <p>Local I/O failures ({@link Path} arguments, a caller's {@link InputStream}) are reported as
 * {@link java.io.UncheckedIOException}.
 */
public interface Files {
  /** Reads a file as UTF-8 text. */
  String read(String path);

  /** Reads a file's bytes. */
  byte[] readBytes(String path);

  /**
   * Opens a file for reading as it streams in. Close the stream when done with it; reading it to
   * the end verifies the checksum (a mismatch throws {@link ChecksumMismatchException}).
   */
  InputStream readStream(String path);

  /** Writes UTF-8 text, replacing the file if it exists and creating parent directories. */
  EntryInfo write(String path, String text);

  /** Writes bytes, replacing the file if it exists and creating parent directories. */
  EntryInfo write(String path, byte[] data);

  /** Writes what the stream holds, to its end; the caller closes the stream. */
  EntryInfo write(String path, InputStream data);

  /**
   * Uploads a local file. Its size and SHA-256 are computed first and sent along; the sandbox
   * checks both before the file appears.
   *
   * @throws ChecksumMismatchException when the bytes arrived different
   */
  default EntryInfo upload(Path localFile, String remotePath) {
    return upload(localFile, remotePath, TransferProgress.none());
  }

  /** As {@link #upload(Path, String)}, telling {@code progress} how many bytes have been sent. */
  EntryInfo upload(Path localFile, String remotePath, TransferProgress progress);

  /**
   * Downloads a file to a local path, through a temporary file beside it that replaces the target
   * only once the SHA-256 matches. Returns the remote file's entry.
   *
   * @throws ChecksumMismatchException when the bytes arrived different (the target is untouched)
   */
  default EntryInfo download(String remotePath, Path localFile) {
    return download(remotePath, localFile, TransferProgress.none());
  }

  /** As {@link #download(String, Path)}, telling {@code progress} how many bytes have arrived. */
  EntryInfo download(String remotePath, Path localFile, TransferProgress progress);

  /** The entries of a directory. */
  default List<EntryInfo> list(String path) {
    return list(path, 1);
  }

  /** The entries of a directory and of its subdirectories down to {@code depth} levels (1 = its own entries). */
  List<EntryInfo> list(String path, int depth);

  /**
   * Describes one entry.
   *
   * @throws NotFoundException when there is nothing at the path
   */
  EntryInfo stat(String path);

  /** Whether something is at the path. */
  boolean exists(String path);

  /** Creates a directory and its parents; false when it already existed. */
  boolean makeDir(String path);

  /** Moves or renames an entry; returns the entry at its new place. */
  EntryInfo rename(String from, String to);

  /** Removes a file, or a directory with everything in it. */
  void remove(String path);

  /** Watches a directory's own entries; see {@link #watchDir(String, boolean, Consumer)}. */
  default WatchHandle watchDir(String path, Consumer<FilesystemEvent> onEvent) {
    return watchDir(path, false, onEvent);
  }

  /**
   * Watches a directory and returns once the watch is in place, so every later change is seen.
   * Events arrive on one thread at a time, in order.
   *
   * @param recursive also watch subdirectories, including ones created later
   * @throws NotFoundException when the directory does not exist
   */
  WatchHandle watchDir(String path, boolean recursive, Consumer<FilesystemEvent> onEvent);
}
