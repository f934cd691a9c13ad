package dev.soulbox.agent.process;

import dev.soulbox.agent.auth.UserAccount;
import dev.soulbox.agent.error.FailedPreconditionException;
import dev.soulbox.agent.error.InvalidArgumentException;
import dev.soulbox.agent.error.PermissionDeniedException;
import dev.soulbox.agent.error.ResourceExhaustedException;
import dev.soulbox.agent.pty.Pty4jTerminal;
import dev.soulbox.agent.pty.Terminal;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts processes the way the agent promises: each in its own session and process group, as the
 * requested user, and killed by the kernel if the agent itself dies.
 *
 * <p>The exec chain is {@code setpriv [--reuid --regid --init-groups] --pdeathsig KILL -- setsid
 * cmd args…}: both tools exec in place, so the pid the agent sees is the command's own. All spawns
 * happen on one long-lived thread because the parent-death signal fires when the spawning
 * <em>thread</em> ends, not just the agent.
 */
public final class ProcessLauncher implements AutoCloseable {
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  /** Variables of the agent's own environment that processes must not inherit. */
  private static final List<String> PRIVATE_ENV = List.of("SOULBOX_ACCESS_TOKEN");

  private final int agentUid;
  private final Map<String, String> baseEnv;
  private final Path setpriv;
  private final Path setsid;
  private final ExecutorService spawner = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "process-spawner");
    t.setDaemon(true);
    return t;
  });

  public ProcessLauncher(int agentUid, Map<String, String> agentEnv) {
    this.agentUid = agentUid;
    Map<String, String> env = new LinkedHashMap<>(agentEnv);
    PRIVATE_ENV.forEach(env::remove);
    env.putIfAbsent("PATH", DEFAULT_PATH);
    this.baseEnv = Map.copyOf(env);
    this.setpriv = findTool("setpriv");
    this.setsid = findTool("setsid");
  }

  /** The environment a process of {@code user} starts with: the agent's, then the user's identity, then the request's. */
  Map<String, String> environment(UserAccount user, Map<String, String> requested) {
    Map<String, String> env = new LinkedHashMap<>(baseEnv);
    env.put("HOME", user.home().toString());
    env.put("USER", user.name());
    env.put("LOGNAME", user.name());
    env.putAll(requested);
    return env;
  }

  ManagedProcess.Spawned spawn(LaunchSpec spec) {
    checkExecutable(spec);
    List<String> command = command(spec);
    Future<ManagedProcess.Spawned> spawned = spawner.submit(() -> spec.pty() == null
        ? ManagedProcess.Spawned.ofPipes(startOnPipes(command, spec))
        : ManagedProcess.Spawned.ofTerminal(Pty4jTerminal.start(command, spec.env(), spec.cwd().toFile(), spec.pty())));
    try {
      return spawned.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting " + spec.cmd(), e);
    } catch (ExecutionException e) {
      throw startFailure(spec, e.getCause());
    }
  }

  private Process startOnPipes(List<String> command, LaunchSpec spec) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(spec.cwd().toFile());
    builder.environment().clear();
    builder.environment().putAll(spec.env());
    if (!spec.stdin()) {
      builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    return builder.start();
  }

  private List<String> command(LaunchSpec spec) {
    UserAccount user = spec.user();
    boolean switchUser = user.uid() != agentUid;
    if (switchUser && agentUid != 0) {
      throw new PermissionDeniedException("the agent runs as uid " + agentUid
          + " and cannot start processes as user " + user.name() + "; run the agent as root or omit the user");
    }
    List<String> command = new ArrayList<>();
    if (setpriv != null) {
      command.add(setpriv.toString());
      if (switchUser) {
        command.add("--reuid=" + user.uid());
        command.add("--regid=" + user.gid());
        command.add("--init-groups");
      }
      command.add("--pdeathsig=KILL");
      command.add("--");
    } else if (switchUser) {
      throw new FailedPreconditionException("setpriv (util-linux) is not installed, so processes cannot run as "
          + user.name() + "; install util-linux or omit the user");
    }
    if (spec.pty() == null && setsid != null) {
      command.add(setsid.toString());
    }
    command.add(spec.cmd());
    command.addAll(spec.args());
    return command;
  }

  /** Fails fast with a useful message instead of an opaque exit code from the exec chain. */
  private static void checkExecutable(LaunchSpec spec) {
    String cmd = spec.cmd();
    if (cmd.isEmpty()) {
      throw new InvalidArgumentException("process.cmd is empty; give a program, for example /bin/bash");
    }
    if (cmd.indexOf('\0') >= 0) {
      throw new InvalidArgumentException("process.cmd contains a NUL character");
    }
    if (cmd.contains("/")) {
      Path p = spec.cwd().resolve(cmd);
      if (!Files.isRegularFile(p)) {
        throw new InvalidArgumentException("executable " + cmd + " does not exist");
      }
      if (!Files.isExecutable(p)) {
        throw new InvalidArgumentException("executable " + cmd + " is not executable");
      }
      return;
    }
    String path = spec.env().getOrDefault("PATH", DEFAULT_PATH);
    for (String dir : path.split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir).resolve(cmd);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return;
      }
    }
    throw new InvalidArgumentException("executable " + cmd + " was not found in PATH " + path);
  }

  private static RuntimeException startFailure(LaunchSpec spec, Throwable cause) {
    if (cause instanceof RuntimeException e) {
      return e;
    }
    String message = String.valueOf(cause.getMessage());
    if (message.contains("error=11") || message.contains("error=12") || message.contains("error=24")) {
      return new ResourceExhaustedException("cannot start " + spec.cmd() + ": " + message, cause);
    }
    return new FailedPreconditionException("cannot start " + spec.cmd() + ": " + message, cause);
  }

  private static Path findTool(String name) {
    for (String dir : DEFAULT_PATH.split(":")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  @Override
  public void close() {
    spawner.shutdownNow();
  }
}
