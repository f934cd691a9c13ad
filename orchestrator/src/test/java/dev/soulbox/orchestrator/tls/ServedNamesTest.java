package dev.soulbox.orchestrator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServedNamesTest {
  private final ServedNames localhost = ServedNames.forPublicHost("localhost");
  private final ServedNames domain = ServedNames.forPublicHost("Sandbox.Example.org.");

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "8000-abcdefghij0123456789.localhost", "api.localhost", "a.localhost"})
  void permits_localhostAndOneLabelUnderIt(String name) {
    assertThat(localhost.permits(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "a.b.localhost", ".localhost", "-a.localhost", "a_b.localhost", "localhost.com",
      "xlocalhost", "127.0.0.1", "8000-abcdefghij0123456789.sandbox.example.org", ""})
  void refuses_everythingElse(String name) {
    assertThat(localhost.permits(name)).isFalse();
  }

  @Test
  void aPublicHostName_andOneLabelUnderIt() {
    assertThat(domain.permits("sandbox.example.org")).isTrue();
    assertThat(domain.permits("49983-abcdefghij0123456789.sandbox.example.org")).isTrue();
    assertThat(domain.permits("api.sandbox.example.org")).isTrue();
    assertThat(domain.permits("8000-abcdefghij0123456789.localhost")).isTrue();
    assertThat(domain.permits("example.org")).isFalse();
    assertThat(domain.permits("a.b.sandbox.example.org")).isFalse();
    assertThat(domain.defaultNames()).containsExactly("localhost", "sandbox.example.org");
    assertThat(domain.isDefaultName("sandbox.example.org")).isTrue();
    assertThat(domain.scope().domains()).containsExactly("localhost", "sandbox.example.org");
  }

  @Test
  void aPublicHostUnderLocalhost_needsNoDomainOfItsOwn() {
    ServedNames names = ServedNames.forPublicHost("soulbox.localhost");

    assertThat(names.permits("8000-abcdefghij0123456789.soulbox.localhost")).isTrue();
    assertThat(names.scope().domains()).containsExactly("localhost");
  }

  @Test
  void aPublicAddress_isInTheDefaultCertificate() throws Exception {
    ServedNames names = ServedNames.forPublicHost("192.168.1.10");

    assertThat(names.defaultNames()).containsExactly("localhost");
    assertThat(names.defaultAddresses()).containsExactly(InetAddress.getByName("127.0.0.1"),
        InetAddress.getByName("::1"), InetAddress.getByName("192.168.1.10"));
    assertThat(names.permits("x.192.168.1.10")).isFalse();
    assertThat(names.scope().blocks()).extracting(NameScope.Block::prefixLength).containsExactly(8, 128, 32);
  }

  @Test
  void anIpv6PublicAddress_inBrackets() throws Exception {
    assertThat(ServedNames.forPublicHost("[fd00::1]").defaultAddresses()).contains(InetAddress.getByName("fd00::1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"exa mple.org", "host:7080", "a..b", "*.example.org", "300.1.1.1", "1234", "fd00::zz"})
  void aPublicHostThatIsNoHost_isRefused(String host) {
    assertThatThrownBy(() -> ServedNames.forPublicHost(host))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + host + "'");
  }

  @Test
  void normalize_lowerCaseWithoutTheRootDot() {
    assertThat(ServedNames.normalize("8000-ABC.LocalHost.")).isEqualTo("8000-abc.localhost");
  }

  @Test
  void blocks_maskTheirAddress() throws Exception {
    assertThat(new NameScope.Block(InetAddress.getByName("127.1.2.3"), 8).addressAndMask())
        .containsExactly(127, 0, 0, 0, 0xff, 0, 0, 0);
    assertThat(new NameScope.Block(InetAddress.getByName("10.1.2.3"), 12).addressAndMask())
        .containsExactly(10, 0, 0, 0, 0xff, 0xf0, 0, 0);
    assertThatThrownBy(() -> new NameScope.Block(InetAddress.getByName("10.0.0.1"), 33))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
