package dev.soulbox.sdk.internal;

import dev.soulbox.sdk.TransferProgress;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Tells a {@link TransferProgress} how many bytes have been read through it. */
final class CountingInputStream extends FilterInputStream {
  private final long total;
  private final TransferProgress progress;
  private long done;

  CountingInputStream(InputStream in, long total, TransferProgress progress) {
    super(in);
    this.total = total;
    this.progress = progress;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      advance(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    if (skipped > 0) {
      advance(skipped);
    }
    return skipped;
  }

  private void advance(long n) {
    done += n;
    progress.update(done, total);
  }
}
