package dev.soulbox.orchestrator.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where sandboxes run: Docker today (one container per sandbox), a pod per sandbox on Kubernetes
 * later. Everything the runtime returns is read back from the runtime itself, so a new
 * orchestrator on the same runtime sees the same sandboxes. Only the lifecycle calls it.
 */
public interface SandboxRuntime {
  /**
   * Makes sure no sandbox can reach another sandbox, a service of the host, or link-local and
   * metadata addresses; sets up what is missing and repairs what was undone, touching nothing
   * else. Called before the first sandbox is created or adopted, and again now and then.
   */
  void isolate();

  /**
   * Creates and starts the sandbox; returns once it runs (its agent may not answer yet).
   *
   * @throws SandboxLaunchException when the sandbox was made but did not start; the caller removes it
   */
  SandboxInstance create(SandboxSpec spec);

  /**
   * Makes a started warm pool sandbox ({@link SandboxSpec#pooled()}) the one {@code claim} describes: records
   * the claim so that it survives a restart, sets its limits and network policy, and returns it as it is now.
   *
   * @throws SandboxLaunchException when the sandbox cannot take the claim; the caller removes it
   */
  SandboxInstance claim(SandboxClaim claim);

  /**
   * Removes every warm pool sandbox that no create claimed; returns their ids. Only for start-up and
   * shutdown: a pool's sandboxes are held in the memory of the orchestrator that started them.
   */
  List<String> removeUnclaimed();

  /** Every running or paused sandbox of this orchestrator, warm pool sandboxes nobody claimed aside. */
  List<SandboxInstance> list();

  /** The ids of every running or paused sandbox: {@link #list()} without the details. */
  Set<String> liveIds();

  Optional<SandboxInstance> find(String sandboxId);

  /**
   * Removes every sandbox whose container stopped (crashed, or stopped outside SoulBox); returns
   * their ids. Only for start-up: a sandbox being created may look stopped.
   */
  List<String> removeStopped();

  /** Kills the sandbox and removes everything it held; a sandbox that is already gone is not an error. */
  void remove(String sandboxId);

  void pause(String sandboxId);

  void unpause(String sandboxId);

  /** Persists a new end for the sandbox, so that it survives an orchestrator restart. */
  void setEndAt(String sandboxId, Instant endAt);

  /**
   * Replaces the sandbox's egress policy, enforced for its new connections at once and kept so
   * that it survives an orchestrator restart.
   */
  void setEgress(String sandboxId, EgressPolicy policy);

  /** Persists that a port of the sandbox is exposed over HTTP. */
  void addExposedPort(String sandboxId, int port);

  /** The last {@code lines} lines of the sandbox's output, for error messages. */
  String logTail(String sandboxId, int lines);

  /**
   * Streams the sandbox's output into {@code sink}: lines from {@code since} (null: from its start),
   * at most the last {@code tail} of them (0: all), then with {@code follow} new lines until the
   * sandbox is gone or the returned handle is closed.
   */
  AutoCloseable logs(String sandboxId, Instant since, int tail, boolean follow, LogSink sink);

  SandboxUsage usage(String sandboxId);

  HostCapacity capacity();
}
