package dev.soulbox.agent.os;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The agent's write end of a child's stdin. A write blocks until the child has taken every byte.
 * {@link #close()} never waits behind a blocked write: the writer closes the descriptor when its
 * write returns, so the descriptor number is never freed under it.
 */
final class PipeOutputStream extends OutputStream {
  private static final int CHUNK = 64 * 1024;

  private final int fd;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile boolean closeRequested;
  private boolean closed;
  private Memory buffer;

  PipeOutputStream(int fd) {
    this.fd = fd;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    lock.lock();
    try {
      if (closeRequested) {
        throw new IOException("stdin is closed");
      }
      if (buffer == null && len > 0) {
        buffer = new Memory(CHUNK);
      }
      while (len > 0) {
        int chunk = Math.min(len, CHUNK);
        buffer.write(0, b, off, chunk);
        for (int written = 0; written < chunk; ) {
          written += (int) writeSome(written, chunk - written);
        }
        off += chunk;
        len -= chunk;
      }
    } finally {
      if (closeRequested) {
        closeNow();
      }
      lock.unlock();
    }
  }

  private long writeSome(int from, int count) throws IOException {
    while (true) {
      try {
        return LibC.write(fd, buffer.share(from), count);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != LibC.EINTR) {
          throw new ErrnoException("write to stdin", e.getErrorCode());
        }
      }
    }
  }

  @Override
  public void close() {
    closeRequested = true;
    if (lock.tryLock()) {
      try {
        closeNow();
      } finally {
        lock.unlock();
      }
    }
  }

  private void closeNow() {
    if (!closed) {
      closed = true;
      NativeProcess.closeQuietly(fd);
      if (buffer != null) {
        buffer.close();
      }
    }
  }
}
