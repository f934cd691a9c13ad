package dev.soulbox.orchestrator.webauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived tokens that open one sandbox's web connections (its terminal, its web shell) and nothing else, so a
 * page never needs the API key or the sandbox's access token. A token is {@code sbt.<payload>.<signature>}: the
 * sandbox id and expiry, signed with the server secret; nothing is stored, and a restart keeps tokens valid until
 * they expire.
 */
public final class SandboxTokens {
  public static final String PREFIX = "sbt.";
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
  public static final Duration MAX_TTL = Duration.ofHours(1);

  /** A token and when it stops working. */
  public record Issued(String token, String sandboxId, Instant expiresAt) {}

  /** Why a token does not open anything; the message says what to do. */
  public static final class InvalidTokenException extends Exception {
    public InvalidTokenException(String message) {
      super(message);
    }
  }

  private final SecretKeySpec key;
  private final Clock clock;

  public SandboxTokens(String secret, Clock clock) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.clock = clock;
  }

  public static boolean looksLikeToken(String value) {
    return value != null && value.startsWith(PREFIX);
  }

  /** @throws IllegalArgumentException when {@code ttl} is not positive or above {@link #MAX_TTL} */
  public Issued issue(String sandboxId, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("a token lives between 1 s and " + MAX_TTL.toMinutes() + " min; asked for "
          + ttl.toSeconds() + " s");
    }
    Instant expiresAt = clock.instant().plus(ttl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String payload = encode((sandboxId + "|" + expiresAt.getEpochSecond()).getBytes(StandardCharsets.UTF_8));
    return new Issued(PREFIX + payload + "." + encode(sign(payload)), sandboxId, expiresAt);
  }

  /** The sandbox a token opens, now. */
  public String sandboxOf(String token) throws InvalidTokenException {
    if (!looksLikeToken(token)) {
      throw new InvalidTokenException("not a sandbox token");
    }
    String rest = token.substring(PREFIX.length());
    int dot = rest.indexOf('.');
    if (dot < 0) {
      throw new InvalidTokenException("the token is malformed; ask the server for a new one");
    }
    String payload = rest.substring(0, dot);
    byte[] signature;
    String[] fields;
    try {
      signature = Base64.getUrlDecoder().decode(rest.substring(dot + 1));
      fields = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).split("\\|", -1);
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException("the token is malformed; ask the server for a new one");
    }
    if (!MessageDigest.isEqual(signature, sign(payload)) || fields.length != 2) {
      throw new InvalidTokenException("the token was not issued by this server");
    }
    long expiresAt;
    try {
      expiresAt = Long.parseLong(fields[1]);
    } catch (NumberFormatException e) {
      throw new InvalidTokenException("the token is malformed; ask the server for a new one");
    }
    if (clock.instant().getEpochSecond() >= expiresAt) {
      throw new InvalidTokenException("the token expired at " + Instant.ofEpochSecond(expiresAt)
          + "; ask the server for a new one");
    }
    return fields[0];
  }

  private byte[] sign(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(("sandbox-token:" + payload).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
