package dev.soulbox.orchestrator.vnc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * VNC tokens derived from the sandbox id and a server secret (HMAC-SHA256 of {@code "vnc:" + id}),
 * so routes survive an orchestrator restart without tokens being stored anywhere.
 */
public final class VncTokens {
  private static final int TOKEN_BYTES = 24; // 32 characters of base64url

  private final SecretKeySpec key;

  public VncTokens(String secret) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  public String tokenFor(String sandboxId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] digest = mac.doFinal(("vnc:" + sandboxId).getBytes(StandardCharsets.UTF_8));
      byte[] token = new byte[TOKEN_BYTES];
      System.arraycopy(digest, 0, token, 0, TOKEN_BYTES);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
