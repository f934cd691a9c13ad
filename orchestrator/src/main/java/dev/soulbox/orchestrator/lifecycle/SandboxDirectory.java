package dev.soulbox.orchestrator.lifecycle;

import dev.soulbox.orchestrator.runtime.SandboxEndpoint;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Looks sandboxes up for the parts that route traffic to them: the gRPC proxy and the web side. */
public interface SandboxDirectory {
  Optional<SandboxEndpoint> find(String sandboxId);

  /** The sandbox a VNC token opens, while that sandbox exists. */
  Optional<SandboxEndpoint> findByVncToken(String token);

  /**
   * The running sandbox whose access token {@code matches} accepts, for a request that proves it holds the token
   * without naming the sandbox (a signed file URL).
   */
  Optional<SandboxEndpoint> findRunningByAccessToken(Predicate<String> matches);

  /** Calls {@code listener} with a sandbox's id once it is gone, so routes and cached connections can go too. */
  void onRemoved(Consumer<String> listener);
}
