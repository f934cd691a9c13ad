package dev.soulbox.sdk;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A template sandboxes can be created from.
 *
 * @param name what {@link CreateOptions.Builder#template(String)} takes
 * @param image the Docker image it is, {@code soulbox/<name>:latest}
 * @param createdAt when the image was built, or null when the engine does not say
 * @param sizeBytes the image's size
 * @param resources the CPU, memory and process limits of its sandboxes by default (0: the server's default)
 * @param desktop whether its sandboxes have a desktop to show over VNC
 * @param poolSize its started sandboxes the server keeps waiting, so that a create takes one at once
 */
public record TemplateInfo(String name, String image, Instant createdAt, long sizeBytes, Resources resources,
                           boolean desktop, int poolSize) {
  public TemplateInfo {
    requireNonNull(name, "name");
    requireNonNull(image, "image");
    requireNonNull(resources, "resources");
  }

  /** CPU limit of its sandboxes by default (0: the server's default). */
  public double cpus() {
    return resources.cpus();
  }

  /** Memory limit of its sandboxes in MiB by default (0: the server's default). */
  public int memoryMib() {
    return resources.memoryMib();
  }

  /** Process limit of its sandboxes by default (0: the server's default). */
  public int pids() {
    return resources.pids();
  }
}
