package dev.soulbox.orchestrator.tls;

import java.net.Socket;
import java.security.KeyPair;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web port's certificates, chosen at each TLS handshake by the name the client asks for (SNI) and made for
 * exactly that name, because clients refuse a wildcard right under one label ({@code *.localhost}). Names the gateway
 * does not serve ({@link ServedNames}) get none: the handshake fails. A client that names nothing (one of
 * {@code localhost} or an address) gets the certificate for localhost, the loopback addresses and the public host.
 *
 * <p>Certificates are signed by the {@link LocalCa}, valid for 30 days, made again a week before they end, and kept
 * for the last 1024 names; all of them certify one key made at start, so making one is a single signature.
 */
public final class HostCertificates extends X509ExtendedKeyManager {
  private static final Logger log = LoggerFactory.getLogger(HostCertificates.class);
  static final Duration VALIDITY = Duration.ofDays(30);
  static final Duration RENEW_BEFORE = Duration.ofDays(7);
  static final int CACHE_SIZE = 1024;
  /** The alias of the certificate for clients that send no server name. */
  static final String DEFAULT_ALIAS = ServedNames.LOCALHOST;
  private static final String KEY_TYPE = "EC";

  private final LocalCa ca;
  private final ServedNames names;
  private final Clock clock;
  private final KeyPair keys = CertificateBuilder.newKeyPair();
  private final Map<String, Issued> byName = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Issued> eldest) {
      return size() > CACHE_SIZE;
    }
  };

  private record Issued(X509Certificate[] chain, Instant renewAt) {}

  public HostCertificates(LocalCa ca, ServedNames names, Clock clock) {
    this.ca = ca;
    this.names = names;
    this.clock = clock;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return KEY_TYPE.equals(keyType) ? aliasFor(requestedName(engine.getHandshakeSession())) : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    if (!KEY_TYPE.equals(keyType) || !(socket instanceof SSLSocket tls)) {
      return null;
    }
    return aliasFor(requestedName(tls.getHandshakeSession()));
  }

  /** The alias of the certificate for a server name (null: none was sent), or null when none may be made for it. */
  String aliasFor(String serverName) {
    if (serverName == null) {
      return DEFAULT_ALIAS;
    }
    String name = ServedNames.normalize(serverName);
    if (names.isDefaultName(name)) {
      return DEFAULT_ALIAS;
    }
    if (!names.permits(name)) {
      log.debug("no certificate for {}: the web port does not serve that name", name);
      return null;
    }
    return name;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    if (alias == null || !(alias.equals(DEFAULT_ALIAS) || names.permits(alias))) {
      return null;
    }
    return issued(alias).chain().clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return alias != null && (alias.equals(DEFAULT_ALIAS) || names.permits(alias)) ? keys.getPrivate() : null;
  }

  /** The certificate and the CA's, made for {@code alias} now unless one made earlier is not near its end. */
  private Issued issued(String alias) {
    Instant now = clock.instant();
    synchronized (byName) {
      Issued issued = byName.get(alias);
      if (issued != null && now.isBefore(issued.renewAt())) {
        return issued;
      }
    }
    // made outside the lock: two handshakes for a new name may both make one, and either is right
    X509Certificate leaf = alias.equals(DEFAULT_ALIAS)
        ? ca.issue(alias, names.defaultNames(), names.defaultAddresses(), keys.getPublic(),
            now.minus(LocalCa.BACKDATE), now.plus(VALIDITY))
        : ca.issue(alias, List.of(alias), List.of(), keys.getPublic(), now.minus(LocalCa.BACKDATE), now.plus(VALIDITY));
    Issued issued = new Issued(new X509Certificate[] {leaf, ca.certificate()},
        leaf.getNotAfter().toInstant().minus(RENEW_BEFORE));
    synchronized (byName) {
      byName.put(alias, issued);
    }
    return issued;
  }

  /** How many names have a certificate kept. */
  int cached() {
    synchronized (byName) {
      return byName.size();
    }
  }

  private static String requestedName(SSLSession session) {
    if (session instanceof ExtendedSSLSession extended) {
      for (SNIServerName name : extended.getRequestedServerNames()) {
        if (name instanceof SNIHostName host) {
          return host.getAsciiName();
        }
      }
    }
    return null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
