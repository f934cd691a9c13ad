package dev.soulbox.orchestrator.webauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SandboxTokensTest {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private final SandboxTokens tokens = new SandboxTokens("secret", Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void aToken_opensTheSandboxItWasIssuedFor_untilItExpires() throws Exception {
    SandboxTokens.Issued issued = tokens.issue("sbx1", Duration.ofSeconds(60));

    assertThat(tokens.sandboxOf(issued.token())).isEqualTo("sbx1");
    assertThat(issued.expiresAt()).isEqualTo(NOW.plusSeconds(60));
    SandboxTokens later = new SandboxTokens("secret", Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
    assertThatThrownBy(() -> later.sandboxOf(issued.token())).hasMessageContaining("expired");
  }

  @Test
  void aTokenOfAnotherSecretOrAlteredPayload_isRefused() {
    String token = tokens.issue("sbx1", Duration.ofSeconds(60)).token();
    SandboxTokens other = new SandboxTokens("another", Clock.fixed(NOW, ZoneOffset.UTC));
    assertThatThrownBy(() -> other.sandboxOf(token)).hasMessageContaining("not issued by this server");
    String forged = token.replaceFirst("sbt\\.[^.]+", "sbt." + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("sbx2|9999999999".getBytes()));
    assertThatThrownBy(() -> tokens.sandboxOf(forged)).hasMessageContaining("not issued by this server");
    assertThatThrownBy(() -> tokens.sandboxOf("sbt.nodot")).hasMessageContaining("malformed");
  }

  @Test
  void issue_refusesLifetimesOutsideOneSecondToAnHour() {
    assertThatThrownBy(() -> tokens.issue("sbx1", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.issue("sbx1", Duration.ofHours(2))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void credentials_tellTheApiKeyFromASandboxToken() throws Exception {
    WebCredentials credentials = new WebCredentials("the-key", null, tokens);

    assertThat(credentials.accessOf("the-key")).isEqualTo(SandboxAccess.ALL);
    SandboxAccess one = credentials.accessOf(tokens.issue("sbx1", Duration.ofSeconds(5)).token());
    assertThat(one.allows("sbx1")).isTrue();
    assertThat(one.allows("sbx2")).isFalse();
    assertThatThrownBy(() -> credentials.accessOf("wrong")).hasMessageContaining("neither the API key");
    assertThatThrownBy(() -> credentials.accessOf(null)).hasMessageContaining("no token");
  }
}
