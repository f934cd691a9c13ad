package dev.soulbox.agent.transfer;

import dev.soulbox.agent.os.NativeSha256;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** SHA-256 of the bytes a transfer moves, reported as lowercase hex: libcrypto's when there is one, else the JDK's. */
final class Sha256 implements AutoCloseable {
  private final Optional<NativeSha256> fast;
  private final MessageDigest jdk;

  private Sha256() {
    this.fast = NativeSha256.create();
    this.jdk = fast.isPresent() ? null : jdkDigest();
  }

  static Sha256 create() {
    return new Sha256();
  }

  void update(byte[] bytes, int offset, int length) {
    if (fast.isPresent()) {
      fast.get().update(bytes, offset, length);
    } else {
      jdk.update(bytes, offset, length);
    }
  }

  /** Feeds the buffer's remaining bytes without moving its position. */
  void update(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    if (fast.isEmpty()) {
      jdk.update(view);
    } else if (view.hasArray()) {
      fast.get().update(view.array(), view.arrayOffset() + view.position(), view.remaining());
    } else {
      byte[] copy = new byte[view.remaining()];
      view.get(copy);
      fast.get().update(copy, 0, copy.length);
    }
  }

  /** The digest of everything fed so far, as lowercase hex; the object is done after this. */
  String hex() {
    return HexFormat.of().formatHex(fast.isPresent() ? fast.get().digest() : jdk.digest());
  }

  @Override
  public void close() {
    fast.ifPresent(NativeSha256::close);
  }

  private static MessageDigest jdkDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
