package dev.soulbox.orchestrator.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
  @Test
  void byDefault_allowsThisServerAndLocalhostPages_andClientsWithoutAnOrigin() {
    OriginPolicy policy = OriginPolicy.localDefault();

    assertThat(policy.allows("http://localhost:3000", "sandbox.example:7080")).isTrue();
    assertThat(policy.allows("http://127.0.0.1:5173", "sandbox.example:7080")).isTrue();
    assertThat(policy.allows("https://sandbox.example:7080", "sandbox.example:7080")).isTrue();
    assertThat(policy.allows(null, "sandbox.example:7080")).isTrue();
    assertThat(policy.allows("https://evil.example", "sandbox.example:7080")).isFalse();
    assertThat(policy.allows("http://localhost.evil.example", "sandbox.example:7080")).isFalse();
    assertThat(policy.allows("null", "sandbox.example:7080")).isFalse();
  }

  @Test
  void listedOrigins_replaceTheDefault() {
    OriginPolicy policy = new OriginPolicy(Set.of("https://app.example.com/"));

    assertThat(policy.allows("https://app.example.com", "x:7080")).isTrue();
    assertThat(policy.allows("http://localhost:3000", "x:7080")).isFalse();
    assertThat(new OriginPolicy(Set.of("*")).allows("https://anything.example", "x:7080")).isTrue();
  }
}
