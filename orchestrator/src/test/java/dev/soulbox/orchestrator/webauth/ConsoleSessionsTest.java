package dev.soulbox.orchestrator.webauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.soulbox.orchestrator.MutableClock;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleSessionsTest {
  private static final String HOST = "localhost:7080";
  private static final String ORIGIN = "http://localhost:7080";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
  private final ConsoleSessions sessions = new ConsoleSessions(clock);

  @Test
  void open_setsAnHttpOnlyStrictCookieForTheWholeSite() {
    List<String> plain = attributes(sessions.open(false));

    assertThat(plain.get(0)).startsWith(ConsoleSessions.COOKIE + "=").hasSizeGreaterThan(
        ConsoleSessions.COOKIE.length() + 20);
    assertThat(plain).contains("HTTPOnly", "SameSite=Strict", "Path=/",
        "Max-Age=" + ConsoleSessions.IDLE.toSeconds());
    assertThat(plain).doesNotContain("Secure");
    assertThat(attributes(sessions.open(true))).contains("Secure", "HTTPOnly", "SameSite=Strict", "Path=/");
  }

  @Test
  void open_givesEachSessionItsOwnValue() {
    assertThat(valueOf(sessions.open(false))).isNotEqualTo(valueOf(sessions.open(false)));
    assertThat(sessions.size()).isEqualTo(2);
  }

  @Test
  void aSession_admitsReadsWithItsCookie() {
    String cookie = pair(sessions.open(false));

    assertThat(sessions.admits(request(HttpMethod.GET, cookie, null))).isTrue();
    assertThat(sessions.admits(request(HttpMethod.HEAD, cookie, null))).isTrue();
    assertThat(sessions.admits(request(HttpMethod.GET, "other=1; " + cookie, null))).isTrue();
  }

  @Test
  void noCookieOrAnUnknownOne_isRefused() {
    sessions.open(false);

    assertThat(sessions.admits(request(HttpMethod.GET, null, null))).isFalse();
    assertThat(sessions.admits(request(HttpMethod.GET, ConsoleSessions.COOKIE + "=made-up", null))).isFalse();
    assertThat(sessions.admits(request(HttpMethod.GET, ConsoleSessions.COOKIE + "=", null))).isFalse();
    assertThat(sessions.admits(request(HttpMethod.GET, "another_cookie=" + valueOf(sessions.open(false)), null)))
        .isFalse();
  }

  @Test
  void aChange_needsTheServersOwnOrigin() {
    String cookie = pair(sessions.open(false));

    assertThat(sessions.admits(request(HttpMethod.POST, cookie, ORIGIN))).isTrue();
    assertThat(sessions.admits(request(HttpMethod.DELETE, cookie, "https://localhost:7080"))).isTrue();
    assertThat(sessions.admits(request(HttpMethod.POST, cookie, "http://evil.example"))).isFalse();
    assertThat(sessions.admits(request(HttpMethod.POST, cookie, "http://8080-abc.localhost:7080"))).isFalse();
    assertThat(sessions.admits(request(HttpMethod.POST, cookie, "http://localhost:7081"))).isFalse();
    assertThat(sessions.admits(request(HttpMethod.PUT, cookie, "null"))).isFalse();
    assertThat(sessions.admits(request(HttpMethod.POST, cookie, "ftp://localhost:7080"))).isFalse();
    assertThat(sessions.admits(request(HttpMethod.POST, cookie, "http://evil.example@localhost:7080"))).isFalse();
    assertThat(sessions.admits(request(HttpMethod.POST, cookie, "not a uri"))).isFalse();
  }

  @Test
  void aChangeWithoutOrigin_isJudgedByTheCookieAlone() {
    // The Origin is checked when sent; browsers send one with every non-GET request
    String cookie = pair(sessions.open(false));

    assertThat(sessions.admits(request(HttpMethod.POST, cookie, null))).isTrue();
    assertThat(sessions.admits(request(HttpMethod.POST, null, null))).isFalse();
    assertThat(sessions.admits(request(HttpMethod.POST, ConsoleSessions.COOKIE + "=made-up", ORIGIN))).isFalse();
  }

  @Test
  void aGetFromAForeignOrigin_isStillAdmitted_butIsNotSameOrigin() {
    String cookie = pair(sessions.open(false));
    HttpRequest foreign = request(HttpMethod.GET, cookie, "http://evil.example");

    assertThat(sessions.admits(foreign)).isTrue();
    assertThat(ConsoleSessions.sameOrigin(foreign)).isFalse();
    assertThat(ConsoleSessions.sameOrigin(request(HttpMethod.GET, cookie, ORIGIN))).isTrue();
    assertThat(ConsoleSessions.sameOrigin(request(HttpMethod.GET, cookie, null))).isTrue();
  }

  @Test
  void anOriginWithoutAHost_isNotSameOrigin() {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
    request.headers().set("Origin", ORIGIN);

    assertThat(ConsoleSessions.sameOrigin(request)).isFalse();
  }

  @Test
  void end_forgetsTheSessionAndExpiresTheCookie() {
    String cookie = pair(sessions.open(false));
    String other = pair(sessions.open(false));

    List<String> cleared = attributes(sessions.end(request(HttpMethod.DELETE, cookie, ORIGIN), false));

    assertThat(cleared.get(0)).isEqualTo(ConsoleSessions.COOKIE + "=");
    assertThat(cleared).contains("Max-Age=0", "HTTPOnly", "SameSite=Strict", "Path=/").doesNotContain("Secure");
    assertThat(sessions.admits(request(HttpMethod.GET, cookie, null))).isFalse();
    assertThat(sessions.admits(request(HttpMethod.GET, other, null))).isTrue();
    assertThat(sessions.size()).isEqualTo(1);
    assertThat(attributes(sessions.end(request(HttpMethod.DELETE, null, ORIGIN), true))).contains("Secure",
        "Max-Age=0");
    assertThat(sessions.size()).isEqualTo(1);
  }

  @Test
  void aSession_endsAfterItsIdleTime() {
    String cookie = pair(sessions.open(false));

    clock.advance(ConsoleSessions.IDLE.minusSeconds(1));
    assertThat(sessions.admits(request(HttpMethod.GET, cookie, null))).isTrue();
    // that request renewed it
    clock.advance(ConsoleSessions.IDLE.minusSeconds(1));
    assertThat(sessions.admits(request(HttpMethod.GET, cookie, null))).isTrue();
    assertThat(sessions.size()).isEqualTo(1);

    clock.advance(ConsoleSessions.IDLE);
    assertThat(sessions.admits(request(HttpMethod.GET, cookie, null))).isFalse();
    assertThat(sessions.size()).isZero();
  }

  @Test
  void size_dropsIdleSessions() {
    sessions.open(false);
    clock.advance(Duration.ofHours(1));
    String recent = pair(sessions.open(false));
    assertThat(sessions.size()).isEqualTo(2);

    clock.advance(ConsoleSessions.IDLE.minusHours(1));
    assertThat(sessions.size()).isEqualTo(1);
    assertThat(sessions.admits(request(HttpMethod.GET, recent, null))).isTrue();
  }

  private static HttpRequest request(HttpMethod method, String cookie, String origin) {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, "/console/api/session");
    request.headers().set("Host", HOST);
    if (cookie != null) {
      request.headers().set("Cookie", cookie);
    }
    if (origin != null) {
      request.headers().set("Origin", origin);
    }
    return request;
  }

  private static List<String> attributes(String setCookie) {
    return Arrays.stream(setCookie.split(";")).map(String::trim).toList();
  }

  /** The {@code name=value} a browser sends back. */
  private static String pair(String setCookie) {
    return attributes(setCookie).get(0);
  }

  private static String valueOf(String setCookie) {
    return pair(setCookie).substring(ConsoleSessions.COOKIE.length() + 1);
  }
}
