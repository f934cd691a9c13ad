package dev.soulbox.orchestrator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.soulbox.grpc.InvalidArgumentException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EgressPolicyTest {
  @ParameterizedTest
  @CsvSource({
      "10.1.2.3, 10.1.2.3/32",
      "10.1.2.3/8, 10.0.0.0/8",
      "0.0.0.0/0, 0.0.0.0/0",
      "2001:db8::1/32, 2001:db8:0:0:0:0:0:0/32",
      "Example.COM, example.com",
      "*.example.com, *.example.com",
      "localhost, localhost"})
  void entries_areReadInTheirCanonicalForm(String entry, String text) {
    assertThat(EgressPolicy.of(false, List.of(entry), List.of()).allowOut().get(0).text()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "10.0.0.0/33", "10.0.0.256", "10.0.0/8", "example.com/8", "*.com", "ex ample.com",
      "-bad.example", "2001:db8::/129", "1.2.3.4/x", "http://example.com", "a,b"})
  void badEntries_areInvalidArgument_namingTheEntry(String entry) {
    assertThatThrownBy(() -> EgressPolicy.of(null, List.of(), List.of(entry)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("network.deny_out");
  }

  @Test
  void unsetInternet_isAllowed_asInE2b() {
    assertThat(EgressPolicy.of(null, List.of(), List.of()).isOpen()).isTrue();
    assertThat(EgressPolicy.of(false, List.of(), List.of()).internetAllowed()).isFalse();
  }

  @Test
  void encode_decode_roundTrips() {
    EgressPolicy p = EgressPolicy.of(false, List.of("10.0.0.0/8", "*.pypi.org"), List.of("10.9.0.0/16", "evil.example"));

    assertThat(EgressPolicy.decode(p.encode())).isEqualTo(p);
    assertThat(p.hasDomains()).isTrue();
    assertThat(EgressPolicy.decode(null)).isEqualTo(EgressPolicy.OPEN);
  }

  @Test
  void cidr_contains_byPrefix() throws Exception {
    EgressRule.Cidr block = (EgressRule.Cidr) EgressPolicy.of(true, List.of("198.18.0.0/15"), List.of()).allowOut().get(0);

    assertThat(block.contains(InetAddress.getByName("198.19.255.1"))).isTrue();
    assertThat(block.contains(InetAddress.getByName("198.20.0.1"))).isFalse();
    assertThat(block.contains(InetAddress.getByName("::1"))).isFalse();
  }

  @Test
  void domain_matchesItselfOrItsSubdomains() {
    EgressRule.Domain exact = (EgressRule.Domain) EgressRule.parse("example.com", "f");
    EgressRule.Domain below = (EgressRule.Domain) EgressRule.parse("*.example.com", "f");

    assertThat(exact.matches("EXAMPLE.com.")).isTrue();
    assertThat(exact.matches("www.example.com")).isFalse();
    assertThat(below.matches("www.example.com")).isTrue();
    assertThat(below.matches("example.com")).isFalse();
    assertThat(below.matches("badexample.com")).isFalse();
  }
}
