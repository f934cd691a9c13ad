package dev.soulbox.bench;

import java.util.Arrays;

/** Percentiles of a sample, in milliseconds. */
record Stats(double p50, double p95, double p99, double mean, int n) {
  static Stats ofNanos(long[] samples) {
    long[] s = samples.clone();
    Arrays.sort(s);
    double mean = Arrays.stream(s).average().orElse(0) / 1e6;
    return new Stats(at(s, 0.50), at(s, 0.95), at(s, 0.99), mean, s.length);
  }

  private static double at(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }

  String ms() {
    return String.format("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms (n=%d)", p50, p95, p99, n);
  }
}
