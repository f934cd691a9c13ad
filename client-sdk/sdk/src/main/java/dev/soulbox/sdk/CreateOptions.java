package dev.soulbox.sdk;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A sandbox to create. Everything is optional: by default the {@code base} template, the server's
 * default lifetime (5 minutes), the template's resource limits, no desktop.
 *
 * <pre>{@code
 * CreateOptions opts = CreateOptions.builder()
 *     .template("desktop").vnc(true)
 *     .timeout(Duration.ofMinutes(30))
 *     .metadata("user", "ada")
 *     .build();
 * }</pre>
 */
public final class CreateOptions {
  private static final CreateOptions DEFAULTS = builder().build();

  private final String template;
  private final Duration timeout;
  private final Map<String, String> metadata;
  private final Map<String, String> envs;
  private final boolean vnc;
  private final Resources resources;
  private final NetworkPolicy network;

  private CreateOptions(Builder b) {
    this.template = b.template;
    this.timeout = b.timeout;
    this.metadata = Map.copyOf(b.metadata);
    this.envs = Map.copyOf(b.envs);
    this.vnc = b.vnc;
    this.resources = b.resources;
    this.network = b.network;
  }

  public static CreateOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.template = template;
    b.timeout = timeout;
    b.metadata.putAll(metadata);
    b.envs.putAll(envs);
    b.vnc = vnc;
    b.resources = resources;
    b.network = network;
    return b;
  }

  public String template() {
    return template;
  }

  /** The sandbox's lifetime; empty means the server's default. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  public Map<String, String> envs() {
    return envs;
  }

  public boolean vnc() {
    return vnc;
  }

  /** Where the sandbox may connect to; empty means the server's default, the open internet. */
  public Optional<NetworkPolicy> network() {
    return Optional.ofNullable(network);
  }

  /** CPU, memory and process limits; those unset are the template's. */
  public Resources resources() {
    return resources;
  }

  /** Builds {@link CreateOptions}. */
  public static final class Builder extends ResourcesBuilder<Builder> {
    private String template = "base";
    private Duration timeout;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Map<String, String> envs = new LinkedHashMap<>();
    private boolean vnc;
    private NetworkPolicy network;

    private Builder() {
    }

    public Builder template(String template) {
      this.template = CommandOptions.nonEmpty(template, "template");
      return this;
    }

    /** How long the sandbox lives; it is removed when the time is up. Whole seconds, at least 1. */
    public Builder timeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      if (timeout.getSeconds() < 1) {
        throw new IllegalArgumentException("timeout must be at least 1 second, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** A label to find the sandbox by with {@link SandboxFilter#withMetadata(String, String)}. */
    public Builder metadata(String key, String value) {
      metadata.put(CommandOptions.nonEmpty(key, "metadata key"), requireNonNull(value, "metadata value"));
      return this;
    }

    /** An environment variable of every process in the sandbox. */
    public Builder env(String name, String value) {
      envs.put(CommandOptions.nonEmpty(name, "env name"), requireNonNull(value, "env value"));
      return this;
    }

    /** Give the sandbox a VNC route to its desktop (needs a template with one, such as {@code desktop}). */
    public Builder vnc(boolean vnc) {
      this.vnc = vnc;
      return this;
    }

    /** Where the sandbox's processes may open connections to; see {@link NetworkPolicy}. */
    public Builder network(NetworkPolicy network) {
      this.network = requireNonNull(network, "network");
      return this;
    }

    public CreateOptions build() {
      return new CreateOptions(this);
    }
  }
}
