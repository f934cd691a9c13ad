package dev.soulbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void smallTransfers_drawNothing() {
    StringWriter err = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(err), "a.txt", 1 << 20);

    bar.update(10, 100);
    bar.update(100, 100);
    bar.finish();

    assertThat(err.toString()).isEmpty();
  }

  @Test
  void largeTransfers_redrawOneLine_atMostTenTimesASecond_andEndIt() {
    StringWriter err = new StringWriter();
    AtomicLong clock = new AtomicLong();
    ProgressBar bar = new ProgressBar(new PrintWriter(err), "big.bin", 1 << 20, clock::get);
    long total = 4L << 20;

    clock.set(1_000_000_000L);
    bar.update(1L << 20, total);
    bar.update(2L << 20, total);          // same instant: not redrawn
    clock.set(2_000_000_000L);
    bar.update(total, total);
    bar.finish();

    String[] draws = err.toString().split("\r", -1);
    assertThat(draws).hasSize(4);        // "", first, last, final
    assertThat(draws[1]).startsWith("big.bin [=====>").contains(" 25%", "1.0MiB/4.0MiB");
    assertThat(draws[3]).contains("[========================] 100%", "4.0MiB/4.0MiB", "2.0MiB/s").endsWith("\n");
  }
}
