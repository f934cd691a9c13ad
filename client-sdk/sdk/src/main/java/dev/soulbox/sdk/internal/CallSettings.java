package dev.soulbox.sdk.internal;

import dev.soulbox.sdk.ReconnectPolicy;
import java.time.Duration;

/**
 * Timing shared by every call of a client.
 *
 * @param requestTimeout deadline of unary calls, and how long to wait for a stream to start
 * @param reconnect how streams get their connection back
 * @param keepaliveInterval how often the sandbox sends a keepalive on an idle stream; a stream
 *     that hears nothing for twice as long, plus the same again up to 10 s, is treated as disconnected
 */
public record CallSettings(Duration requestTimeout, ReconnectPolicy reconnect, Duration keepaliveInterval) {
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(30);

  /** How long a stream may stay silent before it is presumed dead: two keepalives missed, plus a margin. */
  public Duration idleTimeout() {
    Duration tenSeconds = Duration.ofSeconds(10);
    Duration margin = keepaliveInterval.compareTo(tenSeconds) < 0 ? keepaliveInterval : tenSeconds;
    return keepaliveInterval.multipliedBy(2).plus(margin);
  }
}
