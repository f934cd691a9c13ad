package dev.soulbox.sdk;

/**
 * Hears how far a file transfer has got, for a progress bar. Called on the transferring thread
 * after each chunk, so it should return quickly.
 */
@FunctionalInterface
public interface TransferProgress {
  /**
   * @param bytesDone bytes sent or received so far
   * @param bytesTotal the file's size, or -1 when it is not known
   */
  void update(long bytesDone, long bytesTotal);

  /** Hears nothing. */
  static TransferProgress none() {
    return (done, total) -> { };
  }
}
