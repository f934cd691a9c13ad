package dev.soulbox.orchestrator.templates;

import dev.soulbox.grpc.FailedPreconditionException;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.orchestrator.lifecycle.SandboxLimits;
import dev.soulbox.orchestrator.lifecycle.Sandboxes;
import dev.soulbox.orchestrator.runtime.HostCapacity;
import dev.soulbox.orchestrator.runtime.ResourceLimits;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.Template;
import dev.soulbox.orchestrator.runtime.TemplateStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What may be done to the templates sandboxes start from: building one on existing templates, deleting one no
 * sandbox uses. Listing them is the {@link TemplateStore}'s.
 */
public final class Templates {
  private static final Logger log = LoggerFactory.getLogger(Templates.class);
  private static final int MAX_DOCKERFILE_CHARS = 256 * 1024;

  private final TemplateStore store;
  private final Supplier<HostCapacity> hostCapacity;
  private final Sandboxes sandboxes;

  /** @param hostCapacity what the machine running the sandboxes has, asked when a build's defaults are checked */
  public Templates(TemplateStore store, Supplier<HostCapacity> hostCapacity, Sandboxes sandboxes) {
    this.store = store;
    this.hostCapacity = hostCapacity;
    this.sandboxes = sandboxes;
  }

  /**
   * Builds template {@code name} from {@code dockerfile}, whose every FROM must be an existing
   * template; build output goes to {@code log} line by line.
   */
  public Template build(String name, String dockerfile, byte[] contextTar, ResourceLimits defaults, int poolSize,
                        Consumer<String> log) {
    SandboxLimits.checkTemplateName(name);
    if (name.equals(Template.BASE)) {
      throw new InvalidArgumentException("template base is the one every template builds on and cannot be rebuilt"
          + " through the API; choose another name");
    }
    if (dockerfile == null || dockerfile.isBlank()) {
      throw new InvalidArgumentException("dockerfile is required, e.g. \"FROM soulbox/base\\nRUN ...\"");
    }
    SandboxLimits.atMost("dockerfile", dockerfile.length(), "characters", MAX_DOCKERFILE_CHARS);
    SandboxLimits.checkResources(defaults, hostCapacity.get());
    if (poolSize < 0 || poolSize > sandboxes.maxSandboxes()) {
      throw new InvalidArgumentException("pool_size " + Integer.toUnsignedString(poolSize) + " is out of range: 0 to "
          + sandboxes.maxSandboxes()
          + " (the server's --max-sandboxes, which pooled sandboxes count toward)");
    }
    boolean desktop = false;
    for (String base : baseTemplates(dockerfile)) {
      desktop |= store.find(base).orElseThrow(() -> new InvalidArgumentException("the Dockerfile builds on template "
          + base + ", which does not exist; available: " + names())).desktop();
    }
    Templates.log.info("building template {}", name);
    Template built = store.build(name, dockerfile, contextTar == null ? new byte[0] : contextTar, defaults, desktop,
        poolSize, log);
    Templates.log.info("template {} built: {} ({} bytes, warm pool {})", name, built.image(), built.sizeBytes(),
        sandboxes.poolSizeOf(built));
    sandboxes.templateBuilt(built);
    return built;
  }

  /** {@code template}'s warm pool size on this server. */
  public int poolSizeOf(Template template) {
    return sandboxes.poolSizeOf(template);
  }

  public void delete(String name) {
    SandboxLimits.checkTemplateName(name);
    if (name.equals(Template.BASE)) {
      throw new FailedPreconditionException("template base is the one every template builds on; it cannot be deleted");
    }
    if (store.find(name).isEmpty()) {
      throw new NotFoundException("template " + name + " does not exist; ListTemplates shows the available ones");
    }
    Set<String> users = sandboxes.list(Map.of(), Set.of()).stream().filter(s -> name.equals(s.template()))
        .map(SandboxInstance::sandboxId).collect(Collectors.toCollection(TreeSet::new));
    if (!users.isEmpty()) {
      throw new FailedPreconditionException("template " + name + " is used by " + users.size() + " sandbox(es) ("
          + String.join(", ", users) + "); kill them first");
    }
    sandboxes.templateRemoved(name);
    try {
      store.delete(name);
    } catch (RuntimeException e) {
      store.find(name).ifPresent(sandboxes::templateBuilt); // still there: its pool comes back
      throw e;
    }
    log.info("template {} deleted", name);
  }

  private List<String> baseTemplates(String dockerfile) {
    try {
      return Dockerfiles.baseTemplates(dockerfile);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(e.getMessage() + "; the Dockerfile's FROM must be a SoulBox template:"
          + " soulbox/<name> with one of " + names());
    }
  }

  private String names() {
    return store.list().stream().map(Template::name).sorted().collect(Collectors.joining(", "));
  }
}
