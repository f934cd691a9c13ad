package dev.soulbox.orchestrator.lifecycle;

import dev.soulbox.grpc.FailedPreconditionException;
import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.orchestrator.lifecycle.SandboxRegistry.Entry;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.runtime.ResourceLimits;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxLaunchException;
import dev.soulbox.orchestrator.runtime.SandboxRuntime;
import dev.soulbox.orchestrator.runtime.SandboxSpec;
import dev.soulbox.orchestrator.runtime.SandboxState;
import dev.soulbox.orchestrator.runtime.Template;
import dev.soulbox.orchestrator.runtime.TemplateStore;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates a sandbox: validate, take a slot, start it, wait for its agent, record it; undo all of it on failure. */
final class SandboxLauncher {
  private static final Logger log = LoggerFactory.getLogger(SandboxLauncher.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int LOG_TAIL_LINES = 30;

  private final SandboxRuntime runtime;
  private final TemplateStore templates;
  private final SandboxSettings settings;
  private final SandboxRegistry registry;
  private final Metrics.Counter creates;
  private final Metrics.Histogram createSeconds;

  SandboxLauncher(SandboxRuntime runtime, TemplateStore templates, SandboxSettings settings, SandboxRegistry registry,
                  Metrics metrics) {
    this.runtime = runtime;
    this.templates = templates;
    this.settings = settings;
    this.registry = registry;
    this.creates = metrics.counter("soulbox_sandbox_creates_total", "Sandbox creations by result.");
    this.createSeconds = metrics.histogram("soulbox_sandbox_create_seconds",
        "Time from CreateSandbox to an agent that answers.", 0.25, 0.5, 1, 2, 5, 10, 30, 60);
  }

  SandboxInstance create(SandboxRequest request) {
    long started = System.nanoTime();
    try {
      SandboxInstance created = launch(request);
      creates.inc("result=\"ok\"");
      createSeconds.observe((System.nanoTime() - started) / 1e9);
      return created;
    } catch (RuntimeException e) {
      creates.inc("result=\"error\"");
      throw e;
    }
  }

  private SandboxInstance launch(SandboxRequest request) {
    Template template = templates.find(request.template()).orElseThrow(() -> new NotFoundException("template "
        + request.template() + " does not exist; ListTemplates shows the available ones"));
    Duration timeout = SandboxLimits.timeout(request.timeout(), settings.defaultTimeout(), settings.maxTimeout());
    SandboxLimits.checkMetadata(request.metadata());
    SandboxLimits.checkEnv(request.envVars());
    SandboxLimits.checkResources(request.resources(), runtime.capacity());
    if (request.vnc() && !template.desktop()) {
      throw new FailedPreconditionException("template " + template.name() + " has no desktop, so no VNC;"
          + " use a desktop template such as \"desktop\", or create the sandbox without vnc");
    }
    registry.reserve();
    boolean added = false;
    try {
      Instant now = Instant.now();
      SandboxSpec spec = SandboxSpec.builder(SandboxIds.newId(), template.name())
          .image(template.image())
          .accessToken(newAccessToken())
          .metadata(request.metadata())
          .env(request.envVars())
          .vnc(request.vnc())
          .resources(request.resources().or(template.defaults()).or(ResourceLimits.SERVER_DEFAULTS))
          .startedAt(now)
          .endAt(now.plus(timeout))
          .build();
      SandboxInstance instance = runtime.create(spec);
      Instant containerUp = Instant.now();
      awaitReady(instance);
      Entry entry = registry.add(instance);
      added = true;
      entry.events.record("created from template " + template.name() + ", ends at " + instance.endAt());
      log.info("sandbox {} created from {} in {} ms (container {} ms, agent {} ms; agent at {}, ends {})",
          instance.sandboxId(), template.name(), Duration.between(now, Instant.now()).toMillis(),
          Duration.between(now, containerUp).toMillis(), Duration.between(containerUp, Instant.now()).toMillis(),
          instance.agent(), instance.endAt());
      return instance;
    } finally {
      if (!added) {
        registry.release();
      }
    }
  }

  private void awaitReady(SandboxInstance instance) {
    String id = instance.sandboxId();
    try {
      settings.readiness().waitUntilReady(new Target(instance));
    } catch (RuntimeException e) {
      String tail = "";
      try {
        tail = runtime.logTail(id, LOG_TAIL_LINES);
      } catch (RuntimeException ignored) {
        // the container may be gone already; the message below says what is known
      }
      try {
        runtime.remove(id);
      } catch (RuntimeException removeFailed) {
        log.warn("sandbox {} failed to start and could not be removed: {}", id, removeFailed.toString());
      }
      log.warn("sandbox {} failed to start and was removed: {}", id, e.getMessage());
      throw new SandboxLaunchException(e.getMessage() + "; the sandbox was removed. "
          + (tail.isBlank() ? "Its container printed nothing." : "Its container's last output:\n" + tail), e);
    }
  }

  private static String newAccessToken() {
    byte[] raw = new byte[24];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  private final class Target implements ReadinessTarget {
    private final SandboxInstance instance;

    Target(SandboxInstance instance) {
      this.instance = instance;
    }

    @Override public String sandboxId() { return instance.sandboxId(); }
    @Override public InetSocketAddress agent() { return instance.agent(); }

    @Override
    public boolean isRunning() {
      return runtime.find(instance.sandboxId()).map(s -> s.state() == SandboxState.RUNNING).orElse(false);
    }
  }
}
