package dev.soulbox.orchestrator.lifecycle;

import dev.soulbox.orchestrator.runtime.SandboxInstance;
import java.util.Map;

/** Hands a started sandbox's agent what a claim makes its own (envd's {@code POST /init}). */
public interface AgentInit {
  /**
   * Gives the agent of {@code sandbox} (which still requires its pool's token) a new access token and the
   * environment variables every process of it gets.
   *
   * @throws dev.soulbox.orchestrator.runtime.SandboxLaunchException when the agent did not take them
   */
  void init(SandboxInstance sandbox, String accessToken, Map<String, String> envVars);

  /**
   * Makes a few calls to the agent of a pooled {@code sandbox} that change nothing in it, so that its JVM has
   * loaded and run the code of a claim's first calls before a claim waits for them. Best effort; by default none.
   */
  default void warm(SandboxInstance sandbox) {}
}
