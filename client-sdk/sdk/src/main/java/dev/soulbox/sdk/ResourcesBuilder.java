package dev.soulbox.sdk;

import static java.util.Objects.requireNonNull;

/** The resource limit setters of {@link CreateOptions.Builder} and {@link TemplateSpec.Builder}. */
abstract class ResourcesBuilder<B extends ResourcesBuilder<B>> {
  Resources resources = Resources.none();

  /** All three limits at once, replacing those set before; a limit of 0 is unset. */
  public B resources(Resources resources) {
    this.resources = requireNonNull(resources, "resources");
    return self();
  }

  /** CPU limit, for example 0.5 or 2. */
  public B cpus(double cpus) {
    resources = resources.withCpus(cpus);
    return self();
  }

  /** Memory limit in MiB. */
  public B memoryMib(int memoryMib) {
    resources = resources.withMemoryMib(memoryMib);
    return self();
  }

  /** Most processes at once. */
  public B pids(int pids) {
    resources = resources.withPids(pids);
    return self();
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }
}
