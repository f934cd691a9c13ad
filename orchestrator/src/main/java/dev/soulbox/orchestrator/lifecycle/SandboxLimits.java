package dev.soulbox.orchestrator.lifecycle;

import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.orchestrator.runtime.HostCapacity;
import dev.soulbox.orchestrator.runtime.ResourceLimits;
import dev.soulbox.orchestrator.runtime.SandboxSpec;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/** What a request may ask for; each check fails with INVALID_ARGUMENT and says what would be accepted. */
public final class SandboxLimits {
  public static final int MAX_METADATA_PAIRS = 64;
  public static final int MAX_METADATA_KEY = 128;
  public static final int MAX_METADATA_VALUE = 1024;
  public static final int MAX_METADATA_BYTES = 16 * 1024;
  public static final int MAX_ENV_VARS = 256;
  public static final int MAX_ENV_BYTES = 64 * 1024;
  public static final long MIN_MEMORY_MIB = 64;
  public static final long MIN_PIDS = 64;

  private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern TEMPLATE_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

  private SandboxLimits() {}

  /** The lifetime to give a sandbox: {@code requested}, or {@code defaultTimeout} when zero. */
  public static Duration timeout(Duration requested, Duration defaultTimeout, Duration max) {
    if (requested.isZero()) {
      return defaultTimeout;
    }
    return positiveTimeout(requested, max);
  }

  /** A timeout that must be given: at least one second, at most {@code max}. */
  public static Duration positiveTimeout(Duration requested, Duration max) {
    if (requested.isNegative() || requested.isZero()) {
      throw new InvalidArgumentException("timeout_seconds must be at least 1, got " + requested.toSeconds()
          + " (to end a sandbox now, kill it)");
    }
    if (requested.compareTo(max) > 0) {
      throw new InvalidArgumentException("timeout_seconds " + requested.toSeconds() + " is above this server's limit of "
          + max.toSeconds() + " (" + max.toHours() + " h)");
    }
    return requested;
  }

  public static void checkMetadata(Map<String, String> metadata) {
    atMost("metadata", metadata.size(), "pairs", MAX_METADATA_PAIRS);
    int total = 0;
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      String key = e.getKey();
      if (key.length() > MAX_METADATA_KEY || !METADATA_KEY.matcher(key).matches()) {
        throw new InvalidArgumentException("metadata key '" + cut(key) + "' is invalid: keys are 1 to "
            + MAX_METADATA_KEY + " characters of [A-Za-z0-9._-]");
      }
      atMost("metadata value of '" + key + "'", e.getValue().length(), "characters", MAX_METADATA_VALUE);
      total += key.length() + e.getValue().length();
    }
    atMost("metadata", total, "characters in all", MAX_METADATA_BYTES);
  }

  public static void checkEnv(Map<String, String> env) {
    atMost("env_vars", env.size(), "variables", MAX_ENV_VARS);
    int total = 0;
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (!ENV_NAME.matcher(e.getKey()).matches()) {
        throw new InvalidArgumentException("env_vars name '" + cut(e.getKey())
            + "' is invalid: names are letters, digits and _ and do not start with a digit");
      }
      if (SandboxSpec.RESERVED_ENV.contains(e.getKey())) {
        throw new InvalidArgumentException(e.getKey() + " is set by SoulBox; choose another name");
      }
      if (e.getValue().indexOf('\0') >= 0) {
        throw new InvalidArgumentException("env_vars value of " + e.getKey() + " contains a NUL character");
      }
      total += e.getKey().length() + e.getValue().length();
    }
    atMost("env_vars", total, "characters in all", MAX_ENV_BYTES);
  }

  /** Checks what was asked for; unset (zero) fields are fine, they take defaults. */
  public static void checkResources(ResourceLimits r, HostCapacity host) {
    if (Double.isNaN(r.cpus()) || r.cpus() < 0) {
      throw new InvalidArgumentException("resources.cpus must be 0 (the template's default) or positive, got " + r.cpus());
    }
    if (r.cpus() > host.cpus()) {
      throw new InvalidArgumentException("resources.cpus " + r.cpus() + " is more than the " + host.cpus()
          + " CPUs of this host");
    }
    if (r.cpus() > 0 && r.cpus() < 0.01) {
      throw new InvalidArgumentException("resources.cpus must be at least 0.01, got " + r.cpus());
    }
    if (r.memoryMib() < 0 || (r.memoryMib() > 0 && r.memoryMib() < MIN_MEMORY_MIB)) {
      throw new InvalidArgumentException("resources.memory_mib must be 0 (the template's default) or at least "
          + MIN_MEMORY_MIB + ", got " + r.memoryMib());
    }
    long hostMib = host.memoryBytes() / (1024 * 1024);
    if (hostMib > 0 && r.memoryMib() > hostMib) {
      throw new InvalidArgumentException("resources.memory_mib " + r.memoryMib() + " is more than the " + hostMib
          + " MiB of this host");
    }
    if (r.pids() < 0 || (r.pids() > 0 && r.pids() < MIN_PIDS)) {
      throw new InvalidArgumentException("resources.pids must be 0 (the template's default) or at least " + MIN_PIDS
          + ", got " + r.pids());
    }
  }

  public static String checkTemplateName(String name) {
    if (name == null || !TEMPLATE_NAME.matcher(name).matches()) {
      throw new InvalidArgumentException("template name '" + cut(String.valueOf(name))
          + "' is invalid: names are 1 to 63 characters of [a-z0-9_.-], starting with a letter or digit");
    }
    return name;
  }

  /** Fails with "{@code <subject> has <count> <unit>; at most <max> are allowed}" when {@code count} is above {@code max}. */
  public static void atMost(String subject, int count, String unit, int max) {
    if (count > max) {
      throw new InvalidArgumentException(subject + " has " + count + " " + unit + "; at most " + max + " are allowed");
    }
  }

  private static String cut(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
