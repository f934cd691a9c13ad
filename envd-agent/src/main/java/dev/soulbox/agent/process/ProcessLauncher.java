package dev.soulbox.agent.process;

import dev.soulbox.agent.auth.UserAccount;
import dev.soulbox.agent.auth.UserAccounts;
import dev.soulbox.agent.os.Credentials;
import dev.soulbox.agent.os.ErrnoException;
import dev.soulbox.agent.os.NativeProcess;
import dev.soulbox.agent.os.PosixSpawn;
import dev.soulbox.agent.os.ProcessGroupLedger;
import dev.soulbox.agent.os.SpawnSpec;
import dev.soulbox.agent.pty.Pty4jTerminal;
import dev.soulbox.agent.pty.Terminal;
import dev.soulbox.grpc.FailedPreconditionException;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.grpc.PermissionDeniedException;
import dev.soulbox.grpc.ResourceExhaustedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts processes the way the agent promises: each in its own session and process group, as the
 * requested user, and recorded in the {@link ProcessGroupLedger} so that even a killed agent's
 * groups end when the next agent starts.
 *
 * <p>On pipes a process is one {@code posix_spawn} of the command itself ({@link PosixSpawn}),
 * made on the calling thread, or, as another user, on the one spawner thread: the only thread
 * whose credentials ever change. On a PTY it runs under pty4j as {@code setpriv [--reuid --regid
 * --init-groups] --pdeathsig=KILL -- cmd args…}, which execs in place, so the pid the agent sees
 * is the command's own; pty4j forks from a thread of its own that lives as long as the process,
 * so the parent-death signal fires only when the agent dies.
 */
public final class ProcessLauncher implements AutoCloseable {
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  /** Variables of the agent's own environment that processes must not inherit. */
  private static final List<String> PRIVATE_ENV = List.of("SOULBOX_ACCESS_TOKEN");

  private final int agentUid;
  private final Map<String, String> baseEnv;
  private final Supplier<Map<String, String>> globalEnv;
  private final UserAccounts accounts;
  private final ProcessGroupLedger ledger;
  private final Path setpriv;
  private final ExecutorService spawner = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "process-spawner");
    t.setDaemon(true);
    return t;
  });

  public ProcessLauncher(int agentUid, Map<String, String> agentEnv, UserAccounts accounts,
                         ProcessGroupLedger ledger) {
    this(agentUid, agentEnv, Map::of, accounts, ledger);
  }

  /** {@code globalEnv} gives the sandbox's own variables (envd's {@code /init}), read at each start. */
  public ProcessLauncher(int agentUid, Map<String, String> agentEnv, Supplier<Map<String, String>> globalEnv,
                         UserAccounts accounts, ProcessGroupLedger ledger) {
    this.agentUid = agentUid;
    this.globalEnv = globalEnv;
    Map<String, String> env = new LinkedHashMap<>(agentEnv);
    PRIVATE_ENV.forEach(env::remove);
    env.putIfAbsent("PATH", DEFAULT_PATH);
    this.baseEnv = Map.copyOf(env);
    this.accounts = accounts;
    this.ledger = ledger;
    this.setpriv = findTool("setpriv");
  }

  /**
   * The environment a process of {@code user} starts with, in envd's order: the agent's, the
   * user's identity, the sandbox's variables, then the request's.
   */
  Map<String, String> environment(UserAccount user, Map<String, String> requested) {
    Map<String, String> env = new LinkedHashMap<>(baseEnv);
    env.put("HOME", user.home().toString());
    env.put("USER", user.name());
    env.put("LOGNAME", user.name());
    env.putAll(globalEnv.get());
    env.putAll(requested);
    return env;
  }

  ManagedProcess.Spawned spawn(LaunchSpec spec) {
    Path executable = resolveExecutable(spec);
    boolean switchUser = mustSwitchUser(spec.user());
    try {
      if (spec.pty() != null) {
        return onTerminal(ptyCommand(spec, switchUser), spec);
      }
      UserAccount u = spec.user();
      Credentials user = switchUser ? new Credentials(u.uid(), u.gid(), accounts.groupsOf(u)) : null;
      SpawnSpec spawn = new SpawnSpec(executable, argv(spec), spec.env(), spec.cwd(), user, spec.stdin());
      return switchUser ? onSpawner(() -> onPipes(spawn)) : onPipes(spawn);
    } catch (IOException e) {
      throw startFailure(spec, e);
    }
  }

  private ManagedProcess.Spawned onPipes(SpawnSpec spawn) throws IOException {
    NativeProcess p = PosixSpawn.start(spawn);
    // recorded before ofPipes asks for the exit, so the leader cannot be reaped yet
    return ManagedProcess.Spawned.ofPipes(p, ledger.record(p.pid()));
  }

  private ManagedProcess.Spawned onTerminal(List<String> command, LaunchSpec spec) throws IOException {
    Terminal t = Pty4jTerminal.start(command, spec.env(), spec.cwd().toFile(), spec.pty());
    return ManagedProcess.Spawned.ofTerminal(t, ledger.record(t.pid()));
  }

  /**
   * Runs a spawn as another user on the spawner thread. An {@link Error} (credentials that could
   * not be restored) is rethrown there too, so the thread ends and the executor starts a new one.
   */
  private ManagedProcess.Spawned onSpawner(Callable<ManagedProcess.Spawned> start) throws IOException {
    CompletableFuture<ManagedProcess.Spawned> result = new CompletableFuture<>();
    spawner.execute(() -> {
      try {
        result.complete(start.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      } catch (Error e) {
        result.completeExceptionally(e);
        throw e;
      }
    });
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting a process", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("starting a process failed", e.getCause());
    }
  }

  private boolean mustSwitchUser(UserAccount user) {
    boolean switchUser = user.uid() != agentUid;
    if (switchUser && agentUid != 0) {
      throw new PermissionDeniedException("the agent runs as uid " + agentUid
          + " and cannot start processes as user " + user.name() + "; run the agent as root or omit the user");
    }
    return switchUser;
  }

  private static List<String> argv(LaunchSpec spec) {
    List<String> argv = new ArrayList<>();
    argv.add(spec.cmd());
    argv.addAll(spec.args());
    return argv;
  }

  private List<String> ptyCommand(LaunchSpec spec, boolean switchUser) {
    List<String> command = new ArrayList<>();
    if (setpriv != null) {
      command.add(setpriv.toString());
      if (switchUser) {
        UserAccount user = spec.user();
        command.addAll(List.of("--reuid=" + user.uid(), "--regid=" + user.gid(), "--init-groups"));
      }
      command.addAll(List.of("--pdeathsig=KILL", "--"));
    } else if (switchUser) {
      throw new FailedPreconditionException("setpriv (util-linux) is not installed, so a PTY cannot run as "
          + spec.user().name() + "; install util-linux or omit the user");
    }
    command.addAll(argv(spec));
    return command;
  }

  /**
   * The program to exec, found the way execvp would find it in the child: a name with a slash
   * against the cwd, any other name along the child's PATH. Fails fast with a useful message.
   */
  static Path resolveExecutable(LaunchSpec spec) {
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
      return p;
    }
    String path = spec.env().getOrDefault("PATH", DEFAULT_PATH);
    for (String dir : path.split(":")) {
      try {
        Path p = spec.cwd().resolve(dir.isEmpty() ? "." : dir).resolve(cmd);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p;
        }
      } catch (InvalidPathException e) {
        // not a directory name: skipped, as execvp would
      }
    }
    throw new InvalidArgumentException("executable " + cmd + " was not found in PATH " + path);
  }

  private static RuntimeException startFailure(LaunchSpec spec, IOException cause) {
    String message = "cannot start " + spec.cmd() + " as " + spec.user().name() + ": " + cause.getMessage();
    if (cause instanceof ErrnoException e && e.isResourceShortage()) {
      return new ResourceExhaustedException(message, cause);
    }
    return new FailedPreconditionException(message, cause);
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
