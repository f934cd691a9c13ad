package dev.soulbox.orchestrator.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * An image sandboxes start from: {@code soulbox/<name>:latest}.
 *
 * @param defaults limits for sandboxes of this template that ask for none (fields may be unset)
 * @param desktop whether it runs a desktop with a VNC server on {@link SandboxPorts#VNC}
 */
public record Template(String name, String image, Instant createdAt, long sizeBytes, ResourceLimits defaults,
                       boolean desktop) {
  public static final String BASE = "base";

  public Template {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(defaults, "defaults");
  }

  public static String imageOf(String name) {
    return "soulbox/" + name + ":latest";
  }
}
