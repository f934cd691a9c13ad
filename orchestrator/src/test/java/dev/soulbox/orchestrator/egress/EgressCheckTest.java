package dev.soulbox.orchestrator.egress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.soulbox.orchestrator.runtime.EgressPolicy;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EgressCheckTest {
  private static final EgressPolicy CLOSED = EgressPolicy.of(false,
      List.of("pypi.org", "*.github.com", "10.1.0.0/16", "10.9.9.9"), List.of("10.9.0.0/16", "evil.github.com"));
  private static final EgressPolicy OPEN_BUT = EgressPolicy.of(null, List.of("10.9.9.9"), List.of("10.9.0.0/16",
      "*.tracker.example"));

  @ParameterizedTest
  @CsvSource({
      "pypi.org, 93.184.216.34, true",           // an allowed name, wherever it points
      "www.github.com, 1.2.3.4, true",
      "evil.github.com, 1.2.3.4, false",         // a denied name wins over the allowed wildcard
      "pypi.org, 10.9.1.1, false",               // a denied address wins over an allowed name
      ", 10.1.2.3, true",                        // an allowed block, no name
      ", 10.9.9.9, false",                       // denied address wins over the same allowed address
      "example.com, 93.184.216.34, false"})      // anything else: the internet is off
  void closedPolicy(String host, String address, boolean allowed) throws Exception {
    assertThat(EgressCheck.allows(CLOSED, host, InetAddress.getByName(address))).isEqualTo(allowed);
  }

  @ParameterizedTest
  @CsvSource({
      "example.com, 93.184.216.34, true",
      "ads.tracker.example, 93.184.216.34, false",
      ", 10.9.1.1, false"})
  void openPolicyWithDenials(String host, String address, boolean allowed) throws Exception {
    assertThat(EgressCheck.allows(OPEN_BUT, host, InetAddress.getByName(address))).isEqualTo(allowed);
  }
}
