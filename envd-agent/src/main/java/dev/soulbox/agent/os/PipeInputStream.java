package dev.soulbox.agent.os;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The agent's read end of a child's stdout or stderr, closed by itself at end of stream. Reads
 * and {@link #close()} share one lock, so a close never frees the descriptor number under a
 * blocked read (it waits for the read to return instead).
 */
final class PipeInputStream extends InputStream {
  private static final int CHUNK = 64 * 1024;

  private final int fd;
  private Memory buffer;
  private boolean closed;

  PipeInputStream(int fd) {
    this.fd = fd;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  /** Reads at most 64 KiB at a time, through a native buffer as large as the largest read asked for. */
  @Override
  public synchronized int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    int max = Math.min(len, CHUNK);
    if (buffer == null || buffer.size() < max) {
      if (buffer != null) {
        buffer.close();
      }
      buffer = new Memory(max);
    }
    long n = readSome(max);
    if (n == 0) {
      close();
      return -1;
    }
    buffer.read(0, b, off, (int) n);
    return (int) n;
  }

  private long readSome(int max) throws IOException {
    while (true) {
      try {
        return LibC.read(fd, buffer, max);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != LibC.EINTR) {
          close();
          throw new ErrnoException("read from pipe " + fd, e.getErrorCode());
        }
      }
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      NativeProcess.closeQuietly(fd);
      if (buffer != null) {
        buffer.close();
      }
    }
  }
}
