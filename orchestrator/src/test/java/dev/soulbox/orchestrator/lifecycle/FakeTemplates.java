package dev.soulbox.orchestrator.lifecycle;

import dev.soulbox.orchestrator.runtime.ResourceLimits;
import dev.soulbox.orchestrator.runtime.Template;
import dev.soulbox.orchestrator.runtime.TemplateStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Templates in memory: base, and desktop with resource defaults. */
public final class FakeTemplates implements TemplateStore {
  final Map<String, Template> templates = new ConcurrentHashMap<>();

  public FakeTemplates() {
    templates.put("base", new Template("base", "soulbox/base:latest", Instant.EPOCH, 1, ResourceLimits.UNSET, false,
        Template.BASE_POOL_SIZE));
    templates.put("desktop", new Template("desktop", "soulbox/desktop:latest", Instant.EPOCH, 1,
        new ResourceLimits(2, 2048, 0), true, 0));
  }

  @Override public List<Template> list() { return List.copyOf(templates.values()); }
  @Override public Optional<Template> find(String name) { return Optional.ofNullable(templates.get(name)); }

  @Override
  public Template build(String name, String dockerfile, byte[] contextTar, ResourceLimits defaults, boolean desktop,
                        int poolSize, Consumer<String> log) {
    log.accept("Step 1/1 : " + dockerfile.lines().findFirst().orElse(""));
    Template t = new Template(name, Template.imageOf(name), Instant.now(), 2, defaults, desktop, poolSize);
    templates.put(name, t);
    return t;
  }

  @Override public void delete(String name) { templates.remove(name); }
}
