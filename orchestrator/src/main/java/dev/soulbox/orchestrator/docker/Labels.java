package dev.soulbox.orchestrator.docker;

import dev.soulbox.orchestrator.runtime.SandboxSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labels that make a container a SoulBox sandbox, and an image a template. A container's
 * labels carry every fact fixed at creation (id, template, times, metadata, VNC), so a restarted
 * orchestrator rebuilds its state from {@code docker ps}; what changes later is in
 * {@link SandboxOverrides}.
 */
public final class Labels {
  public static final String SANDBOX_ID = "dev.soulbox.sandbox-id";
  public static final String TEMPLATE = "dev.soulbox.template";
  public static final String STARTED_AT = "dev.soulbox.started-at";
  public static final String END_AT = "dev.soulbox.end-at";
  public static final String METADATA_PREFIX = "dev.soulbox.metadata.";
  public static final String VNC = "dev.soulbox.vnc";
  /** Which orchestrator owns the container, so several can share one engine without touching each other's. */
  public static final String SCOPE = "dev.soulbox.scope";
  /** The egress policy the sandbox was created with ({@code EgressPolicy.encode()}); absent means open. */
  public static final String EGRESS = "dev.soulbox.egress";
  /**
   * On a warm pool's sandbox: its labels describe the pool's start, not a tenant; a claim recorded in
   * {@link SandboxOverrides} makes it a tenant's sandbox, and one without a claim is not listed.
   */
  public static final String POOL = "dev.soulbox.pool";
  /** The envd API level of the image's agent, when the image declares it. */
  public static final String ENVD_VERSION = "dev.soulbox.envd-version";

  public static final String TEMPLATE_NAME = "dev.soulbox.template.name";
  public static final String TEMPLATE_CPUS = "dev.soulbox.template.cpus";
  public static final String TEMPLATE_MEMORY_MIB = "dev.soulbox.template.memory-mib";
  public static final String TEMPLATE_PIDS = "dev.soulbox.template.pids";
  public static final String TEMPLATE_DESKTOP = "dev.soulbox.template.desktop";
  public static final String TEMPLATE_POOL = "dev.soulbox.template.pool";

  /** The facts a sandbox's labels hold. */
  public record SandboxLabels(String sandboxId, String template, Instant startedAt, Instant endAt,
                              Map<String, String> metadata, boolean vnc, String scope) {}

  private Labels() {}

  public static Map<String, String> forSandbox(SandboxSpec spec, String scope) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(SANDBOX_ID, spec.sandboxId());
    labels.put(SCOPE, scope);
    labels.put(TEMPLATE, spec.template());
    labels.put(STARTED_AT, spec.startedAt().toString());
    labels.put(END_AT, spec.endAt().toString());
    labels.put(VNC, String.valueOf(spec.vnc()));
    if (spec.pooled()) {
      labels.put(POOL, "true");
    }
    spec.metadata().forEach((k, v) -> labels.put(METADATA_PREFIX + k, v));
    if (!spec.egress().isOpen()) {
      labels.put(EGRESS, spec.egress().encode());
    }
    return labels;
  }

  /** Reads a container's labels; null when they do not describe a sandbox. */
  public static SandboxLabels parse(Map<String, String> labels) {
    if (labels == null || labels.get(SANDBOX_ID) == null) {
      return null;
    }
    Map<String, String> metadata = new TreeMap<>();
    labels.forEach((k, v) -> {
      if (k.startsWith(METADATA_PREFIX)) {
        metadata.put(k.substring(METADATA_PREFIX.length()), v);
      }
    });
    return new SandboxLabels(labels.get(SANDBOX_ID), labels.getOrDefault(TEMPLATE, ""),
        instant(labels.get(STARTED_AT)), instant(labels.get(END_AT)), metadata,
        Boolean.parseBoolean(labels.get(VNC)), labels.get(SCOPE));
  }

  private static Instant instant(String value) {
    try {
      return value == null ? Instant.EPOCH : Instant.parse(value);
    } catch (RuntimeException e) {
      return Instant.EPOCH;
    }
  }
}
