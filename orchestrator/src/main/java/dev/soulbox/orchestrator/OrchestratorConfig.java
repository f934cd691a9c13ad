package dev.soulbox.orchestrator;

import dev.soulbox.orchestrator.api.PublicUrls;
import dev.soulbox.orchestrator.lifecycle.SandboxSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What an orchestrator is told at start.
 *
 * @param stateDir where it keeps what must survive a restart (server secret, changed timeouts)
 * @param websockifyTokenDir where to keep websockify token files, or null for none
 */
public record OrchestratorConfig(Path stateDir, SandboxSettings sandboxes, PublicUrls publicUrls,
                                 Path websockifyTokenDir) {
  public OrchestratorConfig {
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(sandboxes, "sandboxes");
    Objects.requireNonNull(publicUrls, "publicUrls");
  }
}
