package dev.soulbox.orchestrator.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * An X.509 version 3 certificate for an EC key, signed with ECDSA and SHA-256: either a certificate authority (basic
 * constraints CA, key usage keyCertSign and cRLSign, name constraints) or a TLS server (subject alternative names, key
 * usage digitalSignature, extended key usage serverAuth). Both carry subject and authority key identifiers.
 */
final class CertificateBuilder {
  static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
  private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
  private static final String COMMON_NAME = "2.5.4.3";
  private static final String ORGANIZATION = "2.5.4.10";
  private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
  private static final String KEY_USAGE = "2.5.29.15";
  private static final String SUBJECT_ALT_NAME = "2.5.29.17";
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  static final String NAME_CONSTRAINTS = "2.5.29.30";
  private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
  private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final int DIGITAL_SIGNATURE = 0;
  private static final int KEY_CERT_SIGN = 5;
  private static final int CRL_SIGN = 6;
  private static final int DNS_NAME = 2;
  private static final int IP_ADDRESS = 7;
  private static final int MAX_COMMON_NAME = 64;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String commonName;
  private final PublicKey subjectKey;
  private Instant notBefore;
  private Instant notAfter;
  private final List<byte[]> extensions = new ArrayList<>();

  /** A certificate for {@code subjectKey}; its subject is O=SoulBox and, when it fits (64 characters), CN=commonName. */
  CertificateBuilder(String commonName, PublicKey subjectKey) {
    this.commonName = Objects.requireNonNull(commonName, "commonName");
    this.subjectKey = Objects.requireNonNull(subjectKey, "subjectKey");
  }

  CertificateBuilder validity(Instant from, Instant until) {
    if (!until.isAfter(from)) {
      throw new IllegalArgumentException("a certificate's validity ends after it starts: " + from + " to " + until);
    }
    notBefore = from.truncatedTo(ChronoUnit.SECONDS);
    notAfter = until.truncatedTo(ChronoUnit.SECONDS);
    return this;
  }

  /** A certificate authority that may sign server certificates only for names in {@code scope}. */
  CertificateBuilder authority(NameScope scope) {
    extensions.add(extension(BASIC_CONSTRAINTS, true, Der.sequence(Der.bool(true), Der.integer(0))));
    extensions.add(extension(KEY_USAGE, true, Der.namedBits(bits(KEY_CERT_SIGN, CRL_SIGN))));
    List<byte[]> permitted = new ArrayList<>();
    scope.domains().forEach(domain -> permitted.add(subtree(Der.implicit(DNS_NAME, ascii(domain)))));
    scope.blocks().forEach(block -> permitted.add(subtree(Der.implicit(IP_ADDRESS, block.addressAndMask()))));
    extensions.add(extension(NAME_CONSTRAINTS, true, Der.sequence(Der.implicitConstructed(0, permitted))));
    return this;
  }

  /** A TLS server certificate for these names and addresses. */
  CertificateBuilder server(List<String> dnsNames, List<InetAddress> addresses) {
    if (dnsNames.isEmpty() && addresses.isEmpty()) {
      throw new IllegalArgumentException("a server certificate names at least one host");
    }
    List<byte[]> names = new ArrayList<>();
    dnsNames.forEach(name -> names.add(Der.implicit(DNS_NAME, ascii(name))));
    addresses.forEach(address -> names.add(Der.implicit(IP_ADDRESS, address.getAddress())));
    extensions.add(extension(BASIC_CONSTRAINTS, true, Der.sequence()));
    extensions.add(extension(KEY_USAGE, true, Der.namedBits(bits(DIGITAL_SIGNATURE))));
    extensions.add(extension(EXTENDED_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH))));
    extensions.add(extension(SUBJECT_ALT_NAME, false, Der.sequence(names)));
    return this;
  }

  /** Signed by its own key: a root. */
  X509Certificate selfSigned(PrivateKey key) {
    return sign(subjectName(), subjectKey, key);
  }

  /** Signed by {@code issuer}'s key. */
  X509Certificate signedBy(X509Certificate issuer, PrivateKey issuerKey) {
    return sign(issuer.getSubjectX500Principal().getEncoded(), issuer.getPublicKey(), issuerKey);
  }

  private X509Certificate sign(byte[] issuerName, PublicKey issuerPublicKey, PrivateKey issuerKey) {
    if (notBefore == null) {
      throw new IllegalStateException("a certificate needs a validity");
    }
    List<byte[]> all = new ArrayList<>(extensions);
    all.add(extension(SUBJECT_KEY_IDENTIFIER, false, Der.octetString(keyIdentifier(subjectKey))));
    all.add(extension(AUTHORITY_KEY_IDENTIFIER, false,
        Der.sequence(Der.implicit(0, keyIdentifier(issuerPublicKey)))));
    byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
    byte[] tbs = Der.sequence(
        Der.explicit(0, Der.integer(2)),
        Der.integer(serialNumber()),
        algorithm,
        issuerName,
        Der.sequence(Der.time(notBefore), Der.time(notAfter)),
        subjectName(),
        subjectKey.getEncoded(),
        Der.explicit(3, Der.sequence(all)));
    try {
      Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
      signer.initSign(issuerKey);
      signer.update(tbs);
      byte[] certificate = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(certificate));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a certificate for " + commonName + ": " + e.getMessage(), e);
    }
  }

  private byte[] subjectName() {
    List<byte[]> names = new ArrayList<>();
    names.add(Der.setOf(Der.sequence(Der.oid(ORGANIZATION), Der.utf8String("SoulBox"))));
    if (commonName.length() <= MAX_COMMON_NAME) {
      names.add(Der.setOf(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String(commonName))));
    }
    return Der.sequence(names);
  }

  /** A new key pair on the P-256 curve. */
  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make P-256 keys: " + e.getMessage(), e);
    }
  }

  /** The leftmost 160 bits of the SHA-256 of the key's SubjectPublicKeyInfo (as in RFC 7093). */
  static byte[] keyIdentifier(PublicKey key) {
    try {
      return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 20);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** 127 random bits: positive, never zero in practice, and within RFC 5280's 20 bytes. */
  private static BigInteger serialNumber() {
    return new BigInteger(127, RANDOM).setBit(126);
  }

  private static byte[] extension(String oid, boolean critical, byte[] value) {
    return critical
        ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
        : Der.sequence(Der.oid(oid), Der.octetString(value));
  }

  private static byte[] subtree(byte[] generalName) {
    return Der.sequence(generalName);
  }

  private static BitSet bits(int... positions) {
    BitSet bits = new BitSet();
    Arrays.stream(positions).forEach(bits::set);
    return bits;
  }

  private static byte[] ascii(String name) {
    return name.getBytes(StandardCharsets.US_ASCII);
  }
}
