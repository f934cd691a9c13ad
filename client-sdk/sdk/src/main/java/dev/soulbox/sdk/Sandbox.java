package dev.soulbox.sdk;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A live sandbox. Get one from {@link SoulBox#create(CreateOptions)} or
 * {@link SoulBox#connect(String)}; use it in try-with-resources so it is killed when done:
 *
 * <pre>{@code
 * try (Sandbox sandbox = client.create()) {
 *   System.out.println(sandbox.commands().run("uname -a").stdout());
 * }
 * }</pre>
 *
 * <p>{@link #close()} kills the sandbox unless {@link #keepOnClose()} was called; either way it
 * stops the handle's streams (commands and terminals keep running in a kept sandbox). A handle
 * is safe to use from several threads.
 */
public interface Sandbox extends AutoCloseable {
  /** The sandbox's id. */
  String id();

  /** Run commands in it. */
  Commands commands();

  /** Open terminals in it. */
  Pty pty();

  /** Read, write, list and watch its files. */
  Files files();

  /** See and drive its desktop: screenshots, mouse, keyboard, browser (a sandbox of the desktop template). */
  Desktop desktop();

  /** What the orchestrator knows about it now. */
  SandboxInfo info();

  /** Whether its agent answers; false once it is gone or paused. */
  boolean isRunning();

  /** Removes the sandbox and everything in it; false when it was already gone. */
  boolean kill();

  /** Freezes every process in it; its timer keeps running. */
  SandboxInfo pause();

  /** Unfreezes it. */
  SandboxInfo resume();

  /** Makes the sandbox end {@code timeout} from now (whole seconds, at least 1). */
  SandboxInfo setTimeout(Duration timeout);

  /** Replaces where the sandbox may open connections to; its new connections follow it at once. */
  SandboxInfo updateNetwork(NetworkPolicy network);

  /**
   * Its resource use now: with an API key, as the orchestrator measures the sandbox's cgroup (limits
   * included, also while paused); with only the access token, as its agent sees it.
   */
  SandboxMetrics metrics();

  /** Its log so far: lifecycle events and the output of its services. */
  List<LogEntry> logs();

  /**
   * Streams its log: the entries so far, then each new one as it is written, until the sandbox
   * ends. Blocks the calling thread; interrupting it stops the stream.
   *
   * @throws SandboxGoneException when there is no such sandbox
   */
  void followLogs(Consumer<LogEntry> onEntry);

  /**
   * The token its agent wants as {@code x-access-token}, for clients that call the agent's API
   * themselves (through the orchestrator, with metadata {@code sandbox-id}); empty when the
   * handle was made without one.
   */
  Optional<String> accessToken();

  /** Makes a port inside the sandbox reachable over HTTP and returns its URL. */
  URI exposePort(int port);

  /** The noVNC page showing its desktop, when it was created with {@code vnc(true)}. */
  Optional<URI> vncUrl();

  /** Makes {@link #close()} leave the sandbox running. Returns this handle. */
  Sandbox keepOnClose();

  /** Kills the sandbox (unless kept) and stops this handle's streams. Idempotent. */
  @Override
  void close();
}
