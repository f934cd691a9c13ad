package dev.soulbox.cli;

import dev.soulbox.sdk.TransferProgress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr for a transfer, redrawn at most ten times a second:
 * {@code data.csv [=========>          ]  47%  12.0MiB/25.5MiB  8.1MiB/s}. Shows nothing for
 * transfers below its threshold.
 */
public final class ProgressBar implements TransferProgress {
  static final int WIDTH = 24;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final String label;
  private final long threshold;
  private final LongSupplier clock;
  private final long started;
  private long lastDraw;
  private long done;
  private long total = -1;
  private boolean drawn;

  public ProgressBar(PrintWriter err, String label, long threshold) {
    this(err, label, threshold, System::nanoTime);
  }

  ProgressBar(PrintWriter err, String label, long threshold, LongSupplier clock) {
    this.err = err;
    this.label = label;
    this.threshold = threshold;
    this.clock = clock;
    this.started = clock.getAsLong();
  }

  @Override
  public synchronized void update(long bytesDone, long bytesTotal) {
    done = bytesDone;
    total = bytesTotal;
    if (bytesTotal < threshold) {
      return;
    }
    long now = clock.getAsLong();
    if (!drawn || now - lastDraw >= REDRAW_NANOS || bytesDone >= bytesTotal) {
      lastDraw = now;
      err.print("\r" + line(now));
      err.flush();
      drawn = true;
    }
  }

  /** Ends the bar's line, if one was drawn. */
  public synchronized void finish() {
    if (drawn) {
      err.print("\r" + line(clock.getAsLong()) + "\n");
      err.flush();
      drawn = false;
    }
  }

  String line(long now) {
    double fraction = total > 0 ? Math.min(1.0, (double) done / total) : 0;
    int filled = (int) Math.round(fraction * WIDTH);
    String bar = "=".repeat(Math.max(0, filled - (filled < WIDTH ? 1 : 0))) + (filled > 0 && filled < WIDTH ? ">" : "")
        + " ".repeat(WIDTH - filled);
    double seconds = Math.max(1e-3, (now - started) / 1e9);
    return String.format(Locale.ROOT, "%s [%s] %3d%%  %s/%s  %s/s", label, bar, Math.round(fraction * 100),
        Human.bytes(done), Human.bytes(total), Human.bytes((long) (done / seconds)));
  }
}
