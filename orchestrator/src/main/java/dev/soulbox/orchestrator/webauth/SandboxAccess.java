package dev.soulbox.orchestrator.webauth;

import java.util.Optional;

/**
 * What a web client may reach: every sandbox (it showed the API key) or one sandbox (it showed a token issued for
 * that sandbox alone).
 *
 * @param sandboxId the one sandbox, null for all
 */
public record SandboxAccess(String sandboxId) {
  public static final SandboxAccess ALL = new SandboxAccess(null);

  public static SandboxAccess only(String sandboxId) {
    return new SandboxAccess(sandboxId);
  }

  public boolean allows(String candidate) {
    return sandboxId == null || sandboxId.equals(candidate);
  }

  public Optional<String> scope() {
    return Optional.ofNullable(sandboxId);
  }
}
