package dev.soulbox.orchestrator.socketio;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which web pages may open Socket.IO connections, judged by the {@code Origin} a browser sends: the origins the
 * operator lists, else (when none are listed) pages of this server itself and of {@code localhost}, where
 * front ends under development run. A client that sends no {@code Origin} is not a browser page and is let through;
 * its token is what it must prove.
 */
public final class OriginPolicy {
  private final Set<String> allowed;

  /** @param allowed origins such as {@code https://app.example.com}; {@code *} allows every origin */
  public OriginPolicy(Set<String> allowed) {
    this.allowed = allowed.stream().map(OriginPolicy::normalized).collect(Collectors.toUnmodifiableSet());
  }

  public static OriginPolicy localDefault() {
    return new OriginPolicy(Set.of());
  }

  /**
   * @param origin the request's {@code Origin}, null when it has none
   * @param host the request's {@code Host}
   */
  public boolean allows(String origin, String host) {
    if (origin == null) {
      return true;
    }
    String normalized = normalized(origin);
    if (!allowed.isEmpty()) {
      return allowed.contains("*") || allowed.contains(normalized);
    }
    URI uri;
    try {
      uri = URI.create(normalized);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (uri.getHost() == null || !(normalized.startsWith("http://") || normalized.startsWith("https://"))) {
      return false;
    }
    String originHost = uri.getHost();
    boolean local = originHost.equals("localhost") || originHost.endsWith(".localhost")
        || originHost.equals("127.0.0.1") || originHost.equals("[::1]");
    return local || (host != null && uri.getRawAuthority().equalsIgnoreCase(host));
  }

  private static String normalized(String origin) {
    String trimmed = origin.trim().toLowerCase(Locale.ROOT);
    return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}
