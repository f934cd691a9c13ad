package dev.soulbox.orchestrator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCaTest {
  private static final ServedNames LOCALHOST = ServedNames.forPublicHost("localhost");

  @TempDir
  Path dir;

  private final Clock clock = Clock.systemUTC();

  @Test
  void openOrCreate_makesACaCertificateAndAnOwnerOnlyKey() throws Exception {
    LocalCa ca = LocalCa.openOrCreate(dir, LOCALHOST, clock);

    assertThat(ca.created()).isTrue();
    assertThat(ca.certificateFile()).isEqualTo(dir.resolve("ca.crt"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key")))).isEqualTo("rw-------");
    assertThat(Files.readString(dir.resolve("ca.key"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("ca.crt", "ca.key");
    }

    X509Certificate certificate = parse(dir.resolve("ca.crt"));
    assertThat(certificate).isEqualTo(ca.certificate());
    certificate.verify(certificate.getPublicKey());
    assertThat(certificate.getVersion()).isEqualTo(3);
    assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(certificate.getSubjectX500Principal()).isEqualTo(certificate.getIssuerX500Principal());
    assertThat(certificate.getSubjectX500Principal().getName()).matches("CN=SoulBox local CA \\(.+\\),O=SoulBox");
    assertThat(certificate.getBasicConstraints()).isZero();
    assertThat(certificate.getKeyUsage()).startsWith(false, false, false, false, false, true, true);
    assertThat(certificate.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15", "2.5.29.30");
    assertThat(certificate.getNonCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.14", "2.5.29.35");
    assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
        .isEqualTo(LocalCa.VALIDITY.plus(LocalCa.BACKDATE));
    assertThat(certificate.getNotBefore().toInstant()).isBefore(Instant.now().minus(Duration.ofMinutes(59)));
    assertThat(ca.publicKeySha256()).hasSize(44);
  }

  @Test
  void openOrCreate_reusesTheCaOfAnEarlierStart() throws Exception {
    LocalCa first = LocalCa.openOrCreate(dir, LOCALHOST, clock);
    byte[] pem = Files.readAllBytes(dir.resolve("ca.crt"));

    LocalCa second = LocalCa.openOrCreate(dir, LOCALHOST, clock);

    assertThat(second.created()).isFalse();
    assertThat(second.certificate()).isEqualTo(first.certificate());
    assertThat(Files.readAllBytes(dir.resolve("ca.crt"))).isEqualTo(pem);
    X509Certificate leaf = second.issue("localhost", List.of("localhost"), List.of(), newKey(), Instant.now(),
        Instant.now().plus(Duration.ofDays(1)));
    leaf.verify(first.certificate().getPublicKey());
  }

  @Test
  void openOrCreate_afterAnInterruptedFirstStart_makesANewCa() throws Exception {
    Files.writeString(dir.resolve("ca.key"), "half made");

    LocalCa ca = LocalCa.openOrCreate(dir, LOCALHOST, clock);

    assertThat(ca.created()).isTrue();
    assertThat(LocalCa.openOrCreate(dir, LOCALHOST, clock).certificate()).isEqualTo(ca.certificate());
  }

  @Test
  void missingKey_isAnErrorThatSaysWhatToDo() throws Exception {
    LocalCa.openOrCreate(dir, LOCALHOST, clock);
    Files.delete(dir.resolve("ca.key"));

    assertThatThrownBy(() -> LocalCa.openOrCreate(dir, LOCALHOST, clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the local CA in " + dir + " cannot be used: ca.key is missing")
        .hasMessageContaining("delete ca.crt and ca.key to have a new CA made");
    assertThat(dir.resolve("ca.crt")).exists();
  }

  @Test
  void corruptCertificate_isAnError() throws Exception {
    LocalCa.openOrCreate(dir, LOCALHOST, clock);
    Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

    assertThatThrownBy(() -> LocalCa.openOrCreate(dir, LOCALHOST, clock))
        .hasMessageContaining("cannot be used: ca.crt is not a PEM certificate");
  }

  @Test
  void corruptKey_isAnError() throws Exception {
    LocalCa.openOrCreate(dir, LOCALHOST, clock);
    Files.writeString(dir.resolve("ca.key"), "not a key");

    assertThatThrownBy(() -> LocalCa.openOrCreate(dir, LOCALHOST, clock))
        .hasMessageContaining("cannot be used: ca.key is not a PEM EC private key (no PRIVATE KEY block)");
  }

  @Test
  void keyOfAnotherCa_isAnError(@TempDir Path other) throws Exception {
    LocalCa.openOrCreate(dir, LOCALHOST, clock);
    LocalCa.openOrCreate(other, LOCALHOST, clock);
    Files.copy(other.resolve("ca.key"), dir.resolve("ca.key"), StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> LocalCa.openOrCreate(dir, LOCALHOST, clock))
        .hasMessageContaining("cannot be used: ca.key is not the key of ca.crt");
  }

  @Test
  void expiredCa_isAnError() {
    LocalCa.openOrCreate(dir, LOCALHOST, clock);

    assertThatThrownBy(() -> LocalCa.openOrCreate(dir, LOCALHOST, Clock.offset(clock, LocalCa.VALIDITY.plusDays(1))))
        .hasMessageContaining("cannot be used: ca.crt expired on ");
  }

  @Test
  void issue_neverOutlivesTheCa() {
    LocalCa ca = LocalCa.openOrCreate(dir, LOCALHOST, clock);

    X509Certificate leaf = ca.issue("localhost", List.of("localhost"), List.of(), newKey(), Instant.now(),
        Instant.now().plus(LocalCa.VALIDITY.multipliedBy(2)));

    assertThat(leaf.getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
  }

  @Test
  void nameConstraints_letTheCaVouchOnlyForServedNames() throws Exception {
    LocalCa ca = LocalCa.openOrCreate(dir, ServedNames.forPublicHost("sandbox.example.org"), clock);
        Instant now = Instant.now();

    assertThat(trusted(ca, "localhost", now)).isTrue();
    assertThat(trusted(ca, "8000-abcdefghij0123456789.localhost", now)).isTrue();
    assertThat(trusted(ca, "sandbox.example.org", now)).isTrue();
    assertThat(trusted(ca, "49983-abcdefghij0123456789.sandbox.example.org", now)).isTrue();
    assertThat(trusted(ca, "example.org", now)).isFalse();
    assertThat(trusted(ca, "example.com", now)).isFalse();
    assertThat(trusted(ca, "localhost.example.com", now)).isFalse();
    assertThat(trustedAddress(ca, "127.0.0.1", now)).isTrue();
    assertThat(trustedAddress(ca, "127.1.2.3", now)).isTrue();
    assertThat(trustedAddress(ca, "::1", now)).isTrue();
    assertThat(trustedAddress(ca, "10.0.0.1", now)).isFalse();
    assertThat(trustedAddress(ca, "::2", now)).isFalse();
  }

  @Test
  void refusedNames_areThoseOfAPublicHostTheCaWasNotMadeFor() {
    LocalCa ca = LocalCa.openOrCreate(dir, LOCALHOST, clock);

    assertThat(ca.refusedNames(LOCALHOST, Instant.now())).isEmpty();
    assertThat(ca.refusedNames(ServedNames.forPublicHost("sandbox.example.org"), Instant.now()))
        .containsExactly("sandbox.example.org", "probe.sandbox.example.org");
    assertThat(ca.refusedNames(ServedNames.forPublicHost("192.168.1.10"), Instant.now())).containsExactly("192.168.1.10");
  }

  @Test
  void refusedNames_noneWhenTheCaCoversMore() {
    LocalCa ca = LocalCa.openOrCreate(dir, ServedNames.forPublicHost("sandbox.example.org"), clock);

    assertThat(ca.refusedNames(LOCALHOST, Instant.now())).isEmpty();
  }

  private static boolean trusted(LocalCa ca, String name, Instant now) {
    return ca.trusted(ca.issue(name, List.of(name), List.of(), newKey(), now, now.plusSeconds(60)), now);
  }

  private static boolean trustedAddress(LocalCa ca, String address, Instant now) throws Exception {
    InetAddress ip = InetAddress.getByName(address);
    return ca.trusted(ca.issue(address, List.of(), List.of(ip), newKey(), now, now.plusSeconds(60)), now);
  }

  private static PublicKey newKey() {
    return CertificateBuilder.newKeyPair().getPublic();
  }

  static X509Certificate parse(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
