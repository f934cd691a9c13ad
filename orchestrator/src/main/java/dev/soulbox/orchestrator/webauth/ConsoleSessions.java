package dev.soulbox.orchestrator.webauth;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web console's sign-ins: showing the API key once opens a session, carried by an HttpOnly, SameSite=Strict
 * cookie, so the page never keeps the key. Sessions live in memory (a restart signs everyone out), end when signed out
 * or after {@link #IDLE} without a request. A request that changes something must come from a page of this server:
 * its {@code Origin}, when sent, must be the request's host.
 */
public final class ConsoleSessions {
  public static final String COOKIE = "soulbox_console";
  public static final Duration IDLE = Duration.ofHours(8);

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
  private final Clock clock;

  public ConsoleSessions(Clock clock) {
    this.clock = clock;
  }

  /** Opens a session; the answer is the {@code Set-Cookie} value that carries it. */
  public String open(boolean secure) {
    byte[] id = new byte[32];
    random.nextBytes(id);
    String session = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    lastSeen.put(session, clock.instant());
    return cookie(session, secure, IDLE.toSeconds());
  }

  /** Ends the request's session, if it has one; the answer is the {@code Set-Cookie} value that clears the cookie. */
  public String end(HttpRequest request, boolean secure) {
    sessionOf(request).ifPresent(lastSeen::remove);
    return cookie("", secure, 0);
  }

  /** Whether the request carries a live session and, when it changes something, comes from this server's pages. */
  public boolean admits(HttpRequest request) {
    if (!isSafe(request.method()) && !sameOrigin(request)) {
      return false;
    }
    return sessionOf(request).filter(this::touch).isPresent();
  }

  /** How many sessions are open. */
  public int size() {
    lastSeen.entrySet().removeIf(e -> expired(e.getValue()));
    return lastSeen.size();
  }

  /** Whether {@code request}'s {@code Origin}, when it has one, is its own host. */
  public static boolean sameOrigin(HttpRequest request) {
    String origin = request.headers().get(HttpHeaderNames.ORIGIN);
    if (origin == null) {
      return true;
    }
    String host = request.headers().get(HttpHeaderNames.HOST);
    try {
      URI uri = URI.create(origin.trim());
      return host != null && uri.getRawAuthority() != null && uri.getRawAuthority().equalsIgnoreCase(host)
          && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private boolean touch(String session) {
    Instant seen = lastSeen.get(session);
    if (seen == null || expired(seen)) {
      lastSeen.remove(session);
      return false;
    }
    lastSeen.put(session, clock.instant());
    return true;
  }

  private boolean expired(Instant seen) {
    return !clock.instant().isBefore(seen.plus(IDLE));
  }

  private static Optional<String> sessionOf(HttpRequest request) {
    String header = request.headers().get(HttpHeaderNames.COOKIE);
    if (header == null) {
      return Optional.empty();
    }
    return ServerCookieDecoder.STRICT.decode(header).stream()
        .filter(c -> c.name().equals(COOKIE)).map(Cookie::value).filter(v -> !v.isEmpty()).findFirst();
  }

  private static boolean isSafe(HttpMethod method) {
    return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
  }

  private static String cookie(String value, boolean secure, long maxAgeSeconds) {
    DefaultCookie cookie = new DefaultCookie(COOKIE, value);
    cookie.setHttpOnly(true);
    cookie.setSameSite(CookieHeaderNames.SameSite.Strict);
    cookie.setPath("/");
    cookie.setSecure(secure);
    cookie.setMaxAge(maxAgeSeconds);
    return ServerCookieEncoder.STRICT.encode(cookie);
  }
}
