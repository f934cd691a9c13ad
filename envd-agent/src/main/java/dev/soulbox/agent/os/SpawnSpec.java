package dev.soulbox.agent.os;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One process to start on pipes. {@code executable} is already resolved (no PATH search happens);
 * {@code argv} includes argv[0]. {@code user} null keeps the agent's own credentials; {@code stdin}
 * false gives the child /dev/null.
 */
public record SpawnSpec(Path executable, List<String> argv, Map<String, String> env, Path cwd, Credentials user,
                        boolean stdin) {
  public SpawnSpec {
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
  }
}
