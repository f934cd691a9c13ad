package dev.soulbox.orchestrator.vnc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VncTokensTest {
  @Test
  void tokenFor_isStableUrlSafeAnd32Chars() {
    String token = new VncTokens("secret").tokenFor("abcdefghij0123456789");
    assertThat(token).hasSize(32).matches("[A-Za-z0-9_-]+");
    assertThat(new VncTokens("secret").tokenFor("abcdefghij0123456789")).isEqualTo(token);
  }

  @Test
  void tokenFor_dependsOnIdAndSecret() {
    VncTokens tokens = new VncTokens("secret");
    assertThat(tokens.tokenFor("abcdefghij0123456789")).isNotEqualTo(tokens.tokenFor("abcdefghij0123456788"));
    assertThat(new VncTokens("other").tokenFor("abcdefghij0123456789"))
        .isNotEqualTo(tokens.tokenFor("abcdefghij0123456789"));
  }

  @Test
  void tokenFor_isHmacSha256OfVncPrefixedId() throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec("k".getBytes(), "HmacSHA256"));
    byte[] digest = mac.doFinal("vnc:id".getBytes());
    String expected = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(java.util.Arrays.copyOf(digest, 24));
    assertThat(new VncTokens("k").tokenFor("id")).isEqualTo(expected);
  }
}
