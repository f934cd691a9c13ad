package dev.soulbox.sdk;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link CommandOptions} and {@link PtyOptions} say alike about the process they start:
 * where, as whom, with what environment, under which tag, and for how long.
 */
abstract class ProcessSettings {
  private final String cwd;
  private final Map<String, String> envs;
  private final String user;
  private final String tag;
  private final Duration timeout;

  ProcessSettings(ProcessSettingsBuilder<?> b) {
    this.cwd = b.cwd;
    this.envs = Map.copyOf(b.envs);
    this.user = b.user;
    this.tag = b.tag;
    this.timeout = b.timeout;
  }

  /** Working directory; empty means the user's home. */
  public Optional<String> cwd() {
    return Optional.ofNullable(cwd);
  }

  /** Environment variables set on top of the sandbox's environment. */
  public Map<String, String> envs() {
    return envs;
  }

  /** The user the process runs as; empty means the sandbox's default user. */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /** The name the process can be found by. */
  public Optional<String> tag() {
    return Optional.ofNullable(tag);
  }

  /** How long the process may run before the sandbox kills it; empty means no limit. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** Puts these settings into {@code b}, replacing what it had. */
  <B extends ProcessSettingsBuilder<B>> B copyTo(B b) {
    b.cwd = cwd;
    b.envs.clear();
    b.envs.putAll(envs);
    b.user = user;
    b.tag = tag;
    b.timeout = timeout;
    return b;
  }
}
