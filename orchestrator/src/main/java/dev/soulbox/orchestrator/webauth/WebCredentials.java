package dev.soulbox.orchestrator.webauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What the web side's callers may show: the orchestrator's API key (every sandbox) or a {@link SandboxTokens} token
 * (one sandbox).
 */
public final class WebCredentials {
  private final byte[] keyDigest;
  private final String keyHint;
  private final SandboxTokens tokens;

  /** @param keyHint where a client finds the key, for error messages */
  public WebCredentials(String apiKey, String keyHint, SandboxTokens tokens) {
    this.keyDigest = sha256(apiKey);
    this.keyHint = keyHint;
    this.tokens = tokens;
  }

  public SandboxTokens tokens() {
    return tokens;
  }

  /** Whether {@code presented} is the API key; digests have one length, so the comparison takes one time. */
  public boolean isApiKey(String presented) {
    return presented != null && MessageDigest.isEqual(keyDigest, sha256(presented));
  }

  /**
   * What {@code presented}, an API key or a sandbox token, opens.
   *
   * @throws SandboxTokens.InvalidTokenException when it opens nothing; the message says why
   */
  public SandboxAccess accessOf(String presented) throws SandboxTokens.InvalidTokenException {
    if (presented == null || presented.isEmpty()) {
      throw new SandboxTokens.InvalidTokenException("no token: send the API key or a sandbox token as auth.token");
    }
    if (isApiKey(presented)) {
      return SandboxAccess.ALL;
    }
    if (SandboxTokens.looksLikeToken(presented)) {
      return SandboxAccess.only(tokens.sandboxOf(presented));
    }
    throw new SandboxTokens.InvalidTokenException("the token is neither the API key"
        + (keyHint == null ? "" : " (" + keyHint + ")") + " nor a sandbox token");
  }

  static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
