package dev.soulbox.orchestrator.tls;

import dev.soulbox.orchestrator.state.StateFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SoulBox's own certificate authority, made at the orchestrator's first start and kept in its state directory:
 * {@code ca.crt} (PEM; what clients trust) and {@code ca.key} (PKCS #8 PEM, readable by the owner only). Its name
 * constraints limit it to the names of {@link ServedNames}, so even its key cannot vouch for any other site. A CA that
 * is there is reused; one that cannot be used stops the start with what is wrong, and is never replaced behind the
 * back of clients that trust it.
 */
public final class LocalCa {
  private static final Logger log = LoggerFactory.getLogger(LocalCa.class);
  public static final String CERTIFICATE_FILE = "ca.crt";
  static final String KEY_FILE = "ca.key";
  static final Duration VALIDITY = Duration.ofDays(3650);
  /** How far back certificates start, for clients whose clocks are a little behind. */
  static final Duration BACKDATE = Duration.ofHours(1);

  private final Path certificateFile;
  private final X509Certificate certificate;
  private final PrivateKey key;
  private final boolean created;

  private LocalCa(Path certificateFile, X509Certificate certificate, PrivateKey key, boolean created) {
    this.certificateFile = certificateFile;
    this.certificate = certificate;
    this.key = key;
    this.created = created;
  }

  /** The CA kept in {@code dir}, made there first when there is none, for the names the gateway serves. */
  public static LocalCa openOrCreate(Path dir, ServedNames names, Clock clock) {
    Path certificateFile = dir.resolve(CERTIFICATE_FILE);
    Path keyFile = dir.resolve(KEY_FILE);
    if (Files.exists(certificateFile)) {
      LocalCa ca = read(dir, certificateFile, keyFile, clock.instant());
      List<String> refused = ca.refusedNames(names, clock.instant());
      if (!refused.isEmpty()) {
        log.warn("the local CA {} was made for other names than {}: clients that check its name constraints will refuse "
            + "their certificates; delete {} and {} to have a new CA made for them", certificateFile.toAbsolutePath(),
            refused, CERTIFICATE_FILE, KEY_FILE);
      }
      return ca;
    }
    if (Files.exists(keyFile)) {
      log.info("{} has a key but no certificate (its making was interrupted); making a new local CA", dir);
    }
    return create(certificateFile, keyFile, names, clock.instant());
  }

  private static LocalCa create(Path certificateFile, Path keyFile, ServedNames names, Instant now) {
    KeyPair keys = CertificateBuilder.newKeyPair();
    X509Certificate certificate = new CertificateBuilder("SoulBox local CA (" + hostName() + ")", keys.getPublic())
        .validity(now.minus(BACKDATE), now.plus(VALIDITY))
        .authority(names.scope())
        .selfSigned(keys.getPrivate());
    // the key first: a certificate on disk is one that clients may already trust
    StateFiles.writeAtomically(keyFile, Pem.encode(Pem.PRIVATE_KEY, keys.getPrivate().getEncoded()), true);
    StateFiles.writeAtomically(certificateFile, Pem.encode(Pem.CERTIFICATE, encoded(certificate)), false);
    log.info("made a local CA, {}, valid until {}", certificateFile.toAbsolutePath(), certificate.getNotAfter().toInstant());
    return new LocalCa(certificateFile, certificate, keys.getPrivate(), true);
  }

  private static LocalCa read(Path dir, Path certificateFile, Path keyFile, Instant now) {
    X509Certificate certificate;
    try {
      certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
          new ByteArrayInputStream(Pem.decode(Pem.CERTIFICATE, Files.readString(certificateFile, StandardCharsets.US_ASCII))));
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw unusable(dir, certificateFile.getFileName() + " is not a PEM certificate (" + e.getMessage() + ")");
    }
    if (!Files.exists(keyFile)) {
      throw unusable(dir, KEY_FILE + " is missing");
    }
    PrivateKey key;
    try {
      key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
          Pem.decode(Pem.PRIVATE_KEY, Files.readString(keyFile, StandardCharsets.US_ASCII))));
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw unusable(dir, KEY_FILE + " is not a PEM EC private key (" + e.getMessage() + ")");
    }
    if (certificate.getBasicConstraints() < 0) {
      throw unusable(dir, CERTIFICATE_FILE + " is not a CA certificate");
    }
    if (!now.isBefore(certificate.getNotAfter().toInstant())) {
      throw unusable(dir, CERTIFICATE_FILE + " expired on " + certificate.getNotAfter().toInstant());
    }
    if (!belongTogether(key, certificate.getPublicKey())) {
      throw unusable(dir, KEY_FILE + " is not the key of " + CERTIFICATE_FILE);
    }
    return new LocalCa(certificateFile, certificate, key, false);
  }

  private static IllegalStateException unusable(Path dir, String what) {
    return new IllegalStateException("the local CA in " + dir.toAbsolutePath() + " cannot be used: " + what
        + "; put it right, or delete " + CERTIFICATE_FILE + " and " + KEY_FILE
        + " to have a new CA made (clients must then trust the new " + CERTIFICATE_FILE + ")");
  }

  private static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
    try {
      byte[] probe = "soulbox".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(CertificateBuilder.SIGNATURE_ALGORITHM);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(CertificateBuilder.SIGNATURE_ALGORITHM);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** A server certificate for {@code key}, ending no later than this CA does. */
  X509Certificate issue(String commonName, List<String> dnsNames, List<InetAddress> addresses, PublicKey key,
                        Instant from, Instant until) {
    Instant caEnd = certificate.getNotAfter().toInstant();
    return new CertificateBuilder(commonName, key)
        .validity(from, until.isAfter(caEnd) ? caEnd : until)
        .server(dnsNames, addresses)
        .signedBy(certificate, this.key);
  }

  /**
   * The names the gateway serves that clients checking this CA's name constraints would refuse (such as a public host
   * it was not made for), found by validating a certificate for each; none for a CA made for {@code names}.
   */
  List<String> refusedNames(ServedNames names, Instant now) {
    if (certificate.getExtensionValue(CertificateBuilder.NAME_CONSTRAINTS) == null) {
      return List.of();
    }
    PublicKey probeKey = CertificateBuilder.newKeyPair().getPublic();
    List<String> refused = new ArrayList<>();
    for (String name : names.defaultNames()) {
      for (String probe : List.of(name, "probe." + name)) {
        if (!trusted(issue(probe, List.of(probe), List.of(), probeKey, now, now.plusSeconds(60)), now)) {
          refused.add(probe);
        }
      }
    }
    for (InetAddress address : names.defaultAddresses()) {
      String probe = address.getHostAddress();
      if (!trusted(issue(probe, List.of(), List.of(address), probeKey, now, now.plusSeconds(60)), now)) {
        refused.add(probe);
      }
    }
    return refused;
  }

  /**
   * Whether a PKIX validator accepts {@code leaf} under this CA's name constraints. The JDK applies no constraints of
   * a trust anchor, so the anchor is the CA's bare key and its certificate joins the path, where they do apply.
   */
  boolean trusted(X509Certificate leaf, Instant now) {
    try {
      PKIXParameters parameters = new PKIXParameters(
          Set.of(new TrustAnchor(certificate.getSubjectX500Principal(), certificate.getPublicKey(), null)));
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(now));
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf, certificate)), parameters);
      return true;
    } catch (CertPathValidatorException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot validate a certificate: " + e.getMessage(), e);
    }
  }

  /** The PEM file clients trust. */
  public Path certificateFile() {
    return certificateFile;
  }

  /** Whether this start made it (else it was there). */
  public boolean created() {
    return created;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** The base64 SHA-256 of its SubjectPublicKeyInfo, as pinned by Chromium's {@code --ignore-certificate-errors-spki-list}. */
  public String publicKeySha256() {
    try {
      return Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hostName() {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: ask the JDK
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
