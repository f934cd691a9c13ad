package dev.soulbox.orchestrator.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.soulbox.orchestrator.MutableClock;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostCertificatesTest {
  private static final String PORT_HOST = "8000-abcdefghij0123456789.localhost";
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock();
  private LocalCa ca;
  private HostCertificates certificates;

  @BeforeEach
  void setUp() {
    ServedNames names = ServedNames.forPublicHost("sandbox.example.org");
    ca = LocalCa.openOrCreate(dir, names, clock);
    certificates = new HostCertificates(ca, names, clock);
  }

  @Test
  void aliasFor_theServerNameAskedFor() {
    assertThat(certificates.aliasFor(null)).isEqualTo(HostCertificates.DEFAULT_ALIAS);
    assertThat(certificates.aliasFor("LocalHost.")).isEqualTo(HostCertificates.DEFAULT_ALIAS);
    assertThat(certificates.aliasFor("sandbox.example.org")).isEqualTo(HostCertificates.DEFAULT_ALIAS);
    assertThat(certificates.aliasFor("8000-ABCDEFGHIJ0123456789.localhost")).isEqualTo(PORT_HOST);
    assertThat(certificates.aliasFor("api.sandbox.example.org")).isEqualTo("api.sandbox.example.org");
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "a.b.localhost", "www.example.org", "sandbox.example.org.evil.com"})
  void foreignNames_getNoCertificate(String name) {
    assertThat(certificates.aliasFor(name)).isNull();
    assertThat(certificates.getCertificateChain(name)).isNull();
    assertThat(certificates.getPrivateKey(name)).isNull();
  }

  @Test
  void certificate_forExactlyTheNameSignedByTheCa() throws Exception {
    X509Certificate[] chain = certificates.getCertificateChain(PORT_HOST);

    assertThat(chain).hasSize(2);
    assertThat(chain[1]).isEqualTo(ca.certificate());
    X509Certificate leaf = chain[0];
    leaf.verify(ca.certificate().getPublicKey());
    assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=" + PORT_HOST + ",O=SoulBox");
    assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(2, PORT_HOST));
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getKeyUsage()).startsWith(true).containsOnlyOnce(true);
    assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
        .isEqualTo(HostCertificates.VALIDITY.plus(LocalCa.BACKDATE));
    assertThat(ca.trusted(leaf, clock.instant())).isTrue();
    assertThat(keyMatches(certificates.getPrivateKey(PORT_HOST), leaf)).isTrue();
  }

  @Test
  void defaultCertificate_forLocalhostTheLoopbackAddressesAndThePublicHost() throws Exception {
    X509Certificate leaf = certificates.getCertificateChain(HostCertificates.DEFAULT_ALIAS)[0];

    assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(2, "localhost"),
        List.of(2, "sandbox.example.org"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
    assertThat(ca.trusted(leaf, clock.instant())).isTrue();
  }

  @Test
  void certificates_areKeptUntilAWeekBeforeTheyEnd() {
    X509Certificate first = certificates.getCertificateChain(PORT_HOST)[0];
    assertThat(certificates.getCertificateChain(PORT_HOST)[0]).isSameAs(first);

    clock.advance(HostCertificates.VALIDITY.minus(HostCertificates.RENEW_BEFORE).minusMinutes(1));
    assertThat(certificates.getCertificateChain(PORT_HOST)[0]).isSameAs(first);

    clock.advance(Duration.ofMinutes(2));
    X509Certificate renewed = certificates.getCertificateChain(PORT_HOST)[0];
    assertThat(renewed.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
    assertThat(renewed.getNotAfter()).isAfter(first.getNotAfter());
  }

  @Test
  void theCache_isBounded() {
    for (int i = 0; i < HostCertificates.CACHE_SIZE + 10; i++) {
      certificates.getCertificateChain(i + "-abcdefghij0123456789.localhost");
    }

    assertThat(certificates.cached()).isEqualTo(HostCertificates.CACHE_SIZE);
  }

  @Test
  void onlyEcKeys_areOffered() throws Exception {
    SSLEngine engine = SSLContext.getDefault().createSSLEngine();

    assertThat(certificates.chooseEngineServerAlias("EC", null, engine)).isEqualTo(HostCertificates.DEFAULT_ALIAS);
    assertThat(certificates.chooseEngineServerAlias("RSA", null, engine)).isNull();
    assertThat(certificates.getServerAliases("EC", null)).isNull();
    assertThat(certificates.chooseClientAlias(new String[] {"EC"}, null, null)).isNull();
  }

  private static boolean keyMatches(PrivateKey key, X509Certificate certificate) throws Exception {
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(new byte[] {1, 2, 3});
    return verifier.verify(signature);
  }
}
