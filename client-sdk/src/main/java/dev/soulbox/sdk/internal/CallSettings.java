package dev.soulbox.sdk.internal;

import dev.soulbox.sdk.ReconnectPolicy;
import java.time.Duration;

/**
 * Timing shared by every call of a client.
 *
 * @param requestTimeout deadline of unary calls, and how long to wait for a stream to start
 * @param reconnect how streams get their connection back
 * @param keepaliveInterval how often the sandbox sends a keepalive on an idle stream; a stream
 *     that hears nothing for twice as long (plus a margin) is treated as disconnected
 */
public record CallSettings(Duration requestTimeout, ReconnectPolicy reconnect, Duration keepaliveInterval) {
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(30);

  /** How long a stream may stay silent before it is presumed dead. */
  public Duration idleTimeout() {
    return keepaliveInterval.multipliedBy(2).plusSeconds(10);
  }
}
