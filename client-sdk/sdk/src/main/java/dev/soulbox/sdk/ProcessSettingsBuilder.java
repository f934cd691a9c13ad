package dev.soulbox.sdk;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The setters of {@link ProcessSettings}, shared by {@link CommandOptions.Builder} and {@link PtyOptions.Builder}. */
abstract class ProcessSettingsBuilder<B extends ProcessSettingsBuilder<B>> {
  String cwd;
  final Map<String, String> envs;
  String user;
  String tag;
  Duration timeout;

  ProcessSettingsBuilder(Map<String, String> defaultEnvs) {
    this.envs = new LinkedHashMap<>(defaultEnvs);
  }

  /** Working directory; relative paths and {@code ~} resolve against the user's home. */
  public B cwd(String cwd) {
    this.cwd = CommandOptions.nonEmpty(cwd, "cwd");
    return self();
  }

  /** Sets one environment variable, on top of the sandbox's environment (and any defaults). */
  public B env(String name, String value) {
    envs.put(CommandOptions.nonEmpty(name, "env name"), requireNonNull(value, "env value"));
    return self();
  }

  public B envs(Map<String, String> envs) {
    envs.forEach(this::env);
    return self();
  }

  /** The user the process runs as; by default the sandbox's default user. */
  public B user(String user) {
    this.user = CommandOptions.nonEmpty(user, "user");
    return self();
  }

  /** A name to find the process by (and connect to it again, for example from another program), unique among running processes. */
  public B tag(String tag) {
    this.tag = CommandOptions.nonEmpty(tag, "tag");
    return self();
  }

  /**
   * Kill the process once it has run this long; the sandbox does it, even when the client is gone,
   * and waiting for it then fails with {@link TimeoutException}.
   */
  public B timeout(Duration timeout) {
    this.timeout = CommandOptions.positive(timeout, "timeout");
    return self();
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }
}
