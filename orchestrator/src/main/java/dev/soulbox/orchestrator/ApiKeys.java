package dev.soulbox.orchestrator;

import dev.soulbox.orchestrator.state.StateFiles;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where the admin API key comes from: the option, else {@code $SOULBOX_API_KEY}, else a key file made once. A
 * generated key is {@code e2b_} and 40 hex digits, the form E2B's SDKs accept as an {@code E2B_API_KEY}; keys given
 * by the operator may have any form.
 */
final class ApiKeys {
  static final String ENV = "SOULBOX_API_KEY";
  static final String GENERATED_PREFIX = "e2b_";
  private static final Pattern E2B_FORM = Pattern.compile("e2b_[0-9a-f]+");

  /** @param source where it came from, said to clients that send a wrong one and printed at start */
  record ApiKey(String value, String source) {
    @Override
    public String toString() {
      return "ApiKey[" + source + "]";
    }
  }

  private ApiKeys() {}

  static ApiKey resolve(String option, String env, Path keyFile) {
    if (option != null && !option.isBlank()) {
      return new ApiKey(option.trim(), "given to the server with --api-key");
    }
    if (env != null && !env.isBlank()) {
      return new ApiKey(env.trim(), "given to the server in $" + ENV);
    }
    return new ApiKey(StateFiles.readOrCreateSecret(keyFile, ApiKeys::generate), "stored in " + keyFile.toAbsolutePath());
  }

  /** A new key: {@code e2b_} and 20 random bytes in hex. */
  static String generate() {
    return GENERATED_PREFIX + StateFiles.randomHex(20);
  }

  /** Whether E2B's SDKs take {@code key} as it is ({@code ^e2b_[0-9a-f]+$}). */
  static boolean hasE2bForm(String key) {
    return E2B_FORM.matcher(key).matches();
  }

  /** {@code ${XDG_CONFIG_HOME:-~/.config}/soulbox/api-key}. */
  static Path defaultKeyFile() {
    return xdg("XDG_CONFIG_HOME", ".config").resolve("soulbox").resolve("api-key");
  }

  /** {@code ${XDG_STATE_HOME:-~/.local/state}/soulbox}. */
  static Path defaultStateDir() {
    return xdg("XDG_STATE_HOME", ".local/state").resolve("soulbox");
  }

  private static Path xdg(String variable, String fallbackUnderHome) {
    String dir = System.getenv(variable);
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    return Path.of(System.getProperty("user.home")).resolve(fallbackUnderHome);
  }
}
