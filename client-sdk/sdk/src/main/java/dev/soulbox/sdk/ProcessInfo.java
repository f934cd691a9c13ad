package dev.soulbox.sdk;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * A process running in a sandbox, as {@link Commands#list()} reports it.
 *
 * @param pid its process id in the sandbox
 * @param tag the name it was started with, or null
 * @param cmd the executable ({@code /bin/bash} for commands started by this SDK)
 * @param args its arguments
 * @param envs the environment it was started with, beyond the sandbox's own
 * @param cwd its working directory
 */
public record ProcessInfo(int pid, String tag, String cmd, List<String> args, Map<String, String> envs, String cwd) {
  public ProcessInfo {
    requireNonNull(cmd, "cmd");
    args = List.copyOf(args);
    envs = Map.copyOf(envs);
    requireNonNull(cwd, "cwd");
  }
}
