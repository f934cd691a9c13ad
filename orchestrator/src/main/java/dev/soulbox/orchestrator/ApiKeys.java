package dev.soulbox.orchestrator;

import dev.soulbox.orchestrator.state.StateFiles;
import java.nio.file.Path;

/** Where the admin API key comes from: the option, else {@code $SOULBOX_API_KEY}, else a key file made once. */
final class ApiKeys {
  static final String ENV = "SOULBOX_API_KEY";

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
    return new ApiKey(StateFiles.readOrCreateSecret(keyFile, 32), "stored in " + keyFile.toAbsolutePath());
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
