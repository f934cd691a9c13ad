package dev.soulbox.sdk.internal;

import dev.soulbox.sdk.ReconnectPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Delays between reconnect attempts: exponential with full jitter, bounded by the policy's time
 * and attempt limits, counted from the first failure since the last {@link #reset()}.
 * Not thread-safe; one per stream, used under the stream's lock.
 */
final class Backoff {
  private final ReconnectPolicy policy;
  private final LongSupplier nanoClock;
  private final DoubleSupplier random;
  private int attempts;
  private long firstFailureNanos;

  Backoff(ReconnectPolicy policy) {
    this(policy, System::nanoTime, () -> ThreadLocalRandom.current().nextDouble());
  }

  Backoff(ReconnectPolicy policy, LongSupplier nanoClock, DoubleSupplier random) {
    this.policy = policy;
    this.nanoClock = nanoClock;
    this.random = random;
  }

  /** The connection works again: the next failure starts a fresh count. */
  void reset() {
    attempts = 0;
  }

  /** The delay before the next attempt, or empty when the policy says to give up. */
  Optional<Duration> next() {
    long now = nanoClock.getAsLong();
    if (attempts == 0) {
      firstFailureNanos = now;
    }
    long elapsed = now - firstFailureNanos;
    boolean outOfTime = elapsed >= policy.giveUpAfter().toNanos();
    boolean outOfAttempts = policy.maxAttempts() > 0 && attempts >= policy.maxAttempts();
    if (outOfTime || outOfAttempts) {
      return Optional.empty();
    }
    long cap = policy.initialDelay().toNanos() << Math.min(attempts, 30);
    if (cap <= 0 || cap > policy.maxDelay().toNanos()) {
      cap = policy.maxDelay().toNanos();
    }
    attempts++;
    long remaining = policy.giveUpAfter().toNanos() - elapsed;
    return Optional.of(Duration.ofNanos(Math.min(remaining, (long) (random.getAsDouble() * cap))));
  }

  int attempts() {
    return attempts;
  }

  Duration sinceFirstFailure() {
    return Duration.ofNanos(nanoClock.getAsLong() - firstFailureNanos);
  }
}
