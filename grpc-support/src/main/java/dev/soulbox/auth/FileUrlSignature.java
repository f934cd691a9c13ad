package dev.soulbox.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The signature of an envd file URL, as E2B's SDKs compute it for {@code uploadUrl} and {@code downloadUrl}:
 * {@code v1_} and the unpadded standard base64 of the SHA-256 of {@code "path:operation:user:token[:expiration]"}.
 * The agent checks it; the orchestrator also uses it to tell which sandbox a signed URL is for.
 */
public final class FileUrlSignature {
  /** The operation of a download ({@code GET /files}). */
  public static final String READ = "read";
  /** The operation of an upload ({@code POST /files}). */
  public static final String WRITE = "write";

  private FileUrlSignature() {
  }

  /**
   * @param user the {@code username} parameter, empty when absent
   * @param expiration the {@code signature_expiration} parameter (unix seconds), null when absent
   */
  public static String sign(String path, String operation, String user, String accessToken, String expiration) {
    String raw = path + ":" + operation + ":" + user + ":" + accessToken + (expiration == null ? "" : ":" + expiration);
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
      return "v1_" + Base64.getEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Whether {@code signature} is the one {@link #sign} gives, compared in constant time. */
  public static boolean matches(String signature, String path, String operation, String user, String accessToken,
                                String expiration) {
    return MessageDigest.isEqual(sign(path, operation, user, accessToken, expiration).getBytes(StandardCharsets.UTF_8),
        signature.getBytes(StandardCharsets.UTF_8));
  }
}
