package dev.soulbox.orchestrator.runtime;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The templates a runtime can start sandboxes from, and how new ones are built. */
public interface TemplateStore {
  List<Template> list();

  Optional<Template> find(String name);

  /**
   * Builds template {@code name} from a Dockerfile and an optional build context (a tar archive),
   * never pulling from a registry; each line of build output goes to {@code log}.
   *
   * @param desktop whether the new template has a desktop (its base has one)
   * @param poolSize its sandboxes kept waiting in the warm pool
   */
  Template build(String name, String dockerfile, byte[] contextTar, ResourceLimits defaults, boolean desktop,
                 int poolSize, Consumer<String> log);

  void delete(String name);
}
