package dev.soulbox.orchestrator.lifecycle;

import dev.soulbox.grpc.FailedPreconditionException;
import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.orchestrator.runtime.ResourceLimits;
import dev.soulbox.orchestrator.runtime.SandboxClaim;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxLaunchException;
import dev.soulbox.orchestrator.runtime.SandboxRuntime;
import dev.soulbox.orchestrator.runtime.SandboxSpec;
import dev.soulbox.orchestrator.runtime.VncPassword;
import dev.soulbox.orchestrator.runtime.SandboxState;
import dev.soulbox.orchestrator.runtime.Template;
import dev.soulbox.orchestrator.runtime.TemplateStore;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's side of a create: turns a request into a spec (checked, every default resolved), starts it
 * and waits for its agent. A sandbox that was made but did not come up is removed here, and only here, with
 * its container's last output in the error.
 */
final class SandboxLauncher {
  private static final Logger log = LoggerFactory.getLogger(SandboxLauncher.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int LOG_TAIL_LINES = 30;

  private final SandboxRuntime runtime;
  private final TemplateStore templates;
  private final SandboxSettings settings;
  private final UnaryOperator<String> vncTokenFor;

  SandboxLauncher(SandboxRuntime runtime, TemplateStore templates, SandboxSettings settings,
                  UnaryOperator<String> vncTokenFor) {
    this.runtime = runtime;
    this.templates = templates;
    this.settings = settings;
    this.vncTokenFor = vncTokenFor;
  }

  /** What to start for {@code request}; fails with NOT_FOUND, INVALID_ARGUMENT or FAILED_PRECONDITION. */
  SandboxSpec specFor(SandboxRequest request) {
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
    Instant now = Instant.now();
    String id = SandboxIds.newId();
    return SandboxSpec.builder(id, template.name())
        .image(template.image())
        .accessToken(newAccessToken())
        // with no VNC route, nobody needs the desktop: a password nobody knows
        .vncPassword(request.vnc() ? VncPassword.of(vncTokenFor.apply(id)) : newAccessToken())
        .metadata(request.metadata())
        .env(request.envVars())
        .vnc(request.vnc())
        .egress(request.egress())
        .resources(request.resources().or(template.defaults()).or(ResourceLimits.SERVER_DEFAULTS))
        .startedAt(now)
        .endAt(now.plus(timeout))
        .build();
  }

  /**
   * What the warm pool starts for {@code templateName}: the sandbox a create without metadata, environment or
   * limits of its own would get, under an id and token nobody knows until a create claims it.
   */
  SandboxSpec poolSpecFor(String templateName) {
    Template template = templates.find(templateName).orElseThrow(() -> new NotFoundException("template "
        + templateName + " does not exist"));
    Instant now = Instant.now();
    String id = SandboxIds.newId();
    return SandboxSpec.builder(id, template.name())
        .image(template.image())
        .accessToken(newAccessToken())
        // a desktop's VNC server starts with the password its route will use, should a claim ask for one
        .vncPassword(template.desktop() ? VncPassword.of(vncTokenFor.apply(id)) : newAccessToken())
        .vnc(template.desktop())
        .pooled(true)
        .resources(template.defaults().or(ResourceLimits.SERVER_DEFAULTS))
        .startedAt(now)
        .endAt(now.plus(settings.maxTimeout()))
        .build();
  }

  /**
   * Makes the pooled sandbox {@code pooled} the one {@code spec} asks for (its id aside: the pooled
   * sandbox keeps its own, which is also its host name): the agent takes the new token and environment,
   * then the runtime records the claim and applies the limits and the network policy.
   */
  SandboxInstance claim(SandboxInstance pooled, SandboxSpec spec) {
    long begun = System.nanoTime();
    settings.agentInit().init(pooled, spec.accessToken(), spec.envVars());
    SandboxInstance claimed = runtime.claim(SandboxClaim.of(pooled.sandboxId(), spec));
    if (pooled.envdVersion() != null) {
      claimed = claimed.withEnvdVersion(pooled.envdVersion());
    }
    log.info("sandbox {} claimed from the {} pool in {} ms (ends {})", claimed.sandboxId(), spec.template(),
        (System.nanoTime() - begun) / 1_000_000, claimed.endAt());
    return claimed;
  }

  /** Warms the agent of a pooled sandbox for its claim (see {@link AgentInit#warm}). */
  void warm(SandboxInstance pooled) {
    settings.agentInit().warm(pooled);
  }

  /** Starts the sandbox and returns once its agent answers. */
  SandboxInstance start(SandboxSpec spec) {
    Instant begun = Instant.now();
    SandboxInstance instance;
    try {
      instance = runtime.create(spec);
    } catch (SandboxLaunchException e) {
      throw removeFailed(spec.sandboxId(), e);
    }
    Instant containerUp = Instant.now();
    Target target = new Target(instance);
    try {
      settings.readiness().waitUntilReady(target);
    } catch (RuntimeException e) {
      throw removeFailed(spec.sandboxId(), e);
    }
    if (target.envdVersion != null) {
      instance = instance.withEnvdVersion(target.envdVersion);
    }
    log.info("sandbox {} created from {} in {} ms (container {} ms, agent {} ms; agent at {}, ends {})",
        instance.sandboxId(), spec.template(), Duration.between(begun, Instant.now()).toMillis(),
        Duration.between(begun, containerUp).toMillis(), Duration.between(containerUp, Instant.now()).toMillis(),
        instance.agent(), instance.endAt());
    return instance;
  }

  /** Removes a sandbox that did not come up; the error says why, and what its container printed. */
  private SandboxLaunchException removeFailed(String id, RuntimeException failure) {
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
    log.warn("sandbox {} failed to start and was removed: {}", id, failure.getMessage());
    return new SandboxLaunchException(failure.getMessage() + "; the sandbox was removed. "
        + (tail.isBlank() ? "Its container printed nothing." : "Its container's last output:\n" + tail), failure);
  }

  private static String newAccessToken() {
    byte[] raw = new byte[24];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  private final class Target implements ReadinessTarget {
    private final SandboxInstance instance;
    private volatile String envdVersion;

    Target(SandboxInstance instance) {
      this.instance = instance;
    }

    @Override public String sandboxId() { return instance.sandboxId(); }
    @Override public InetSocketAddress agent() { return instance.agent(); }
    @Override public String accessToken() { return instance.accessToken(); }
    @Override public void reportEnvdVersion(String version) { envdVersion = version; }

    @Override
    public boolean isRunning() {
      return runtime.find(instance.sandboxId()).map(s -> s.state() == SandboxState.RUNNING).orElse(false);
    }
  }
}
