package dev.soulbox.orchestrator.lifecycle;

import dev.soulbox.grpc.InvalidArgumentException;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Sandbox ids: 20 characters of {@code [a-z0-9]}, like E2B's. */
public final class SandboxIds {
  public static final int LENGTH = 20;
  private static final Pattern FORMAT = Pattern.compile("[a-z0-9]{" + LENGTH + "}");
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private SandboxIds() {}

  public static String newId() {
    char[] id = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(id);
  }

  public static boolean isWellFormed(String id) {
    return id != null && FORMAT.matcher(id).matches();
  }

  /** Returns {@code id}, or fails with INVALID_ARGUMENT when it cannot be a sandbox id. */
  public static String check(String id) {
    if (id == null || id.isEmpty()) {
      throw new InvalidArgumentException("sandbox_id is required");
    }
    if (!isWellFormed(id)) {
      throw new InvalidArgumentException("sandbox id '" + abbreviate(id) + "' is malformed: ids are "
          + LENGTH + " characters of [a-z0-9]");
    }
    return id;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
