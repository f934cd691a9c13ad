package dev.soulbox.orchestrator.lifecycle;

import dev.soulbox.orchestrator.runtime.EgressPolicy;
import dev.soulbox.orchestrator.runtime.ResourceLimits;
import dev.soulbox.orchestrator.runtime.Template;
import java.time.Duration;
import java.util.Map;

/**
 * What a client asked for when creating a sandbox, before validation and defaults.
 *
 * @param template template name; empty means {@code base}
 * @param timeout lifetime; {@link Duration#ZERO} means the server's default
 */
public record SandboxRequest(String template, Duration timeout, Map<String, String> metadata,
                             Map<String, String> envVars, boolean vnc, ResourceLimits resources, EgressPolicy egress) {
  public SandboxRequest {
    template = template == null || template.isEmpty() ? Template.BASE : template;
    timeout = timeout == null ? Duration.ZERO : timeout;
    metadata = Map.copyOf(metadata);
    envVars = Map.copyOf(envVars);
    resources = resources == null ? ResourceLimits.UNSET : resources;
    egress = egress == null ? EgressPolicy.OPEN : egress;
  }

  /** A request with the open egress policy. */
  public SandboxRequest(String template, Duration timeout, Map<String, String> metadata, Map<String, String> envVars,
                        boolean vnc, ResourceLimits resources) {
    this(template, timeout, metadata, envVars, vnc, resources, EgressPolicy.OPEN);
  }

  public static SandboxRequest of(String template) {
    return new SandboxRequest(template, Duration.ZERO, Map.of(), Map.of(), false, ResourceLimits.UNSET);
  }
}
