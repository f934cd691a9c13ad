package dev.soulbox.agent.process;

import dev.soulbox.agent.auth.UserAccount;
import dev.soulbox.agent.pty.PtySize;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Everything needed to start one process; {@code pty} is null for a process on pipes. */
record LaunchSpec(
    String cmd, List<String> args, Map<String, String> env, Path cwd, UserAccount user, PtySize pty, boolean stdin) {
  LaunchSpec {
    args = List.copyOf(args);
    env = Map.copyOf(env);
  }
}
