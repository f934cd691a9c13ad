package dev.soulbox.grpc.stream;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.time.Duration;

/**
 * How often a long-lived stream sends a keepalive event while it has nothing else to say. Like
 * envd, a client chooses it with the {@code keepalive-ping-interval} header (seconds).
 */
public final class Keepalive implements ServerInterceptor {
  static final Metadata.Key<String> INTERVAL_HEADER =
      Metadata.Key.of("keepalive-ping-interval", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<Duration> INTERVAL = Context.key("soulbox-keepalive-interval");
  private static final Duration SHORTEST = Duration.ofMillis(100);

  private final Duration defaultInterval;

  public Keepalive(Duration defaultInterval) {
    this.defaultInterval = defaultInterval;
  }

  /** The interval for the current call. */
  public static Duration interval() {
    Duration d = INTERVAL.get();
    return d == null ? Duration.ofSeconds(90) : d;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    Duration interval = parse(headers.get(INTERVAL_HEADER));
    return Contexts.interceptCall(Context.current().withValue(INTERVAL, interval), call, headers, next);
  }

  private Duration parse(String header) {
    if (header == null) {
      return defaultInterval;
    }
    try {
      Duration d = Duration.ofMillis(Math.round(Double.parseDouble(header.trim()) * 1000));
      return d.compareTo(SHORTEST) < 0 ? defaultInterval : d;
    } catch (NumberFormatException e) {
      return defaultInterval;
    }
  }
}
