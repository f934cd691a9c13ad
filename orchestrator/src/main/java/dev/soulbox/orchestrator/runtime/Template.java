package dev.soulbox.orchestrator.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * An image sandboxes start from: {@code soulbox/<name>:latest}.
 *
 * @param defaults limits for sandboxes of this template that ask for none (fields may be unset)
 * @param desktop whether it runs a desktop with a VNC server on {@link SandboxPorts#VNC}
 * @param poolSize started sandboxes of it kept waiting in the warm pool, unless the server's own
 *     setting for it says otherwise
 */
public record Template(String name, String image, Instant createdAt, long sizeBytes, ResourceLimits defaults,
                       boolean desktop, int poolSize) {
  public static final String BASE = "base";
  /** The pool size of {@code base} when nothing sets it; other templates have none unless built with one. */
  public static final int BASE_POOL_SIZE = 2;

  public Template {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(defaults, "defaults");
    if (poolSize < 0) {
      throw new IllegalArgumentException("poolSize " + poolSize + " < 0");
    }
  }

  public static String imageOf(String name) {
    return "soulbox/" + name + ":latest";
  }
}
