package dev.soulbox.sdk;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a stream (command output, terminal output, directory watch) gets its connection back after
 * losing it: attempts spaced by exponential backoff with full jitter (a random delay between 0
 * and {@code min(maxDelay, initialDelay × 2^attempt)}), until the connection is back or
 * {@code giveUpAfter} has passed since it was lost, or {@code maxAttempts} attempts have failed.
 * Then the stream fails with {@link ConnectionLostException}. A stream that gets its connection
 * back starts afresh.
 *
 * @param initialDelay upper bound of the first delay
 * @param maxDelay upper bound of any delay
 * @param giveUpAfter how long to keep trying after the connection was lost; zero disables reconnecting
 * @param maxAttempts attempts before giving up, or 0 for no limit but time
 */
public record ReconnectPolicy(Duration initialDelay, Duration maxDelay, Duration giveUpAfter, int maxAttempts) {
  public ReconnectPolicy {
    requireNonNull(initialDelay, "initialDelay");
    requireNonNull(maxDelay, "maxDelay");
    requireNonNull(giveUpAfter, "giveUpAfter");
    if (initialDelay.isNegative() || initialDelay.isZero()) {
      throw new IllegalArgumentException("initialDelay must be positive, got " + initialDelay);
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("maxDelay " + maxDelay + " is below initialDelay " + initialDelay);
    }
    if (giveUpAfter.isNegative()) {
      throw new IllegalArgumentException("giveUpAfter must not be negative, got " + giveUpAfter);
    }
    if (maxAttempts < 0) {
      throw new IllegalArgumentException("maxAttempts must be 0 (no limit) or more, got " + maxAttempts);
    }
  }

  /** 100 ms doubling up to 5 s, for at most 30 s. */
  public static ReconnectPolicy defaults() {
    return new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(30), 0);
  }

  /** Streams fail at once when their connection is lost. */
  public static ReconnectPolicy disabled() {
    return new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ZERO, 0);
  }

  public ReconnectPolicy withGiveUpAfter(Duration giveUpAfter) {
    return new ReconnectPolicy(initialDelay, maxDelay, giveUpAfter, maxAttempts);
  }

  public ReconnectPolicy withMaxAttempts(int maxAttempts) {
    return new ReconnectPolicy(initialDelay, maxDelay, giveUpAfter, maxAttempts);
  }

  public ReconnectPolicy withDelays(Duration initialDelay, Duration maxDelay) {
    return new ReconnectPolicy(initialDelay, maxDelay, giveUpAfter, maxAttempts);
  }
}
