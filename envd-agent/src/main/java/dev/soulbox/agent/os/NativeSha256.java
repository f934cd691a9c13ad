package dev.soulbox.agent.os;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.Optional;

/**
 * SHA-256 by the system's libcrypto (OpenSSL 3). The agent's JIT runs without C2 to keep its
 * memory small, and without C2 the JDK's SHA-256 loses its intrinsic and reaches about a tenth of
 * what libcrypto does; transfers hash every byte, so they use this when libcrypto is there.
 */
public final class NativeSha256 implements AutoCloseable {
  private static final boolean AVAILABLE = bind();

  private Pointer context;

  private NativeSha256(Pointer context) {
    this.context = context;
  }

  private static boolean bind() {
    try {
      Native.register(NativeSha256.class, NativeLibrary.getInstance("crypto"));
      return true;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return false;
    }
  }

  /** A fresh digest, or empty when libcrypto cannot be loaded here. */
  public static Optional<NativeSha256> create() {
    if (!AVAILABLE) {
      return Optional.empty();
    }
    Pointer ctx = EVP_MD_CTX_new();
    if (ctx == null || EVP_DigestInit_ex(ctx, EVP_sha256(), null) != 1) {
      if (ctx != null) {
        EVP_MD_CTX_free(ctx);
      }
      return Optional.empty();
    }
    return Optional.of(new NativeSha256(ctx));
  }

  public synchronized void update(byte[] bytes, int offset, int length) {
    requireOpen();
    if (offset == 0) {
      check(EVP_DigestUpdate(context, bytes, length));
    } else {
      byte[] slice = new byte[length];
      System.arraycopy(bytes, offset, slice, 0, length);
      check(EVP_DigestUpdate(context, slice, length));
    }
  }

  /** The 32-byte digest; the object is done after this. */
  public synchronized byte[] digest() {
    requireOpen();
    byte[] out = new byte[32];
    check(EVP_DigestFinal_ex(context, out, null));
    close();
    return out;
  }

  @Override
  public synchronized void close() {
    if (context != null) {
      EVP_MD_CTX_free(context);
      context = null;
    }
  }

  /** Use after close must fail in Java, never touch freed native memory. */
  private void requireOpen() {
    if (context == null) {
      throw new IllegalStateException("the digest is closed");
    }
  }

  private static void check(int result) {
    if (result != 1) {
      throw new IllegalStateException("libcrypto SHA-256 failed");
    }
  }

  private static native Pointer EVP_MD_CTX_new();

  private static native void EVP_MD_CTX_free(Pointer ctx);

  private static native Pointer EVP_sha256();

  private static native int EVP_DigestInit_ex(Pointer ctx, Pointer type, Pointer engine);

  private static native int EVP_DigestUpdate(Pointer ctx, byte[] data, long count);

  private static native int EVP_DigestFinal_ex(Pointer ctx, byte[] out, Pointer outLength);
}
