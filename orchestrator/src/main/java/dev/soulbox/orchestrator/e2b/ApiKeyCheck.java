package dev.soulbox.orchestrator.e2b;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** {@code X-API-KEY} must be the orchestrator's API key, the one its gRPC admin API takes as {@code x-api-key}. */
final class ApiKeyCheck {
  private final byte[] keyDigest;
  private final String hint;

  /** @param hint where a client finds the key, for the error message */
  ApiKeyCheck(String apiKey, String hint) {
    this.keyDigest = sha256(apiKey);
    this.hint = hint;
  }

  /** @param presented the header's value, null when absent */
  void check(String presented) {
    String where = hint == null ? "" : " (" + hint + ")";
    if (presented == null || presented.isEmpty()) {
      throw new ApiException(HttpResponseStatus.UNAUTHORIZED,
          "missing X-API-KEY header: send the orchestrator's API key, as E2B_API_KEY" + where);
    }
    // digests have one length, so the comparison takes the same time whatever was sent
    if (!MessageDigest.isEqual(keyDigest, sha256(presented))) {
      throw new ApiException(HttpResponseStatus.UNAUTHORIZED,
          "X-API-KEY does not match this orchestrator's API key" + where);
    }
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
