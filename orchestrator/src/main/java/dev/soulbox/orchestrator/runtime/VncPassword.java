package dev.soulbox.orchestrator.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The password of a sandbox's VNC server, derived from its VNC token: the orchestrator's bridge,
 * which holds the token, can answer the server's challenge; nobody without the token can. VNC
 * authentication uses at most 8 characters of a password.
 */
public final class VncPassword {
  public static final int LENGTH = 8;

  private VncPassword() {}

  public static String of(String vncToken) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(("vnc-password:" + vncToken).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
