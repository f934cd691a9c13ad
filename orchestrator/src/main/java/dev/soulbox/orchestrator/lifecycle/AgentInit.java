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
}
