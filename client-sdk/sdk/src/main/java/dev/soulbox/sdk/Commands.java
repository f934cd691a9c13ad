package dev.soulbox.sdk;

import java.util.List;

/**
 * Runs commands in a sandbox, as {@code /bin/bash -l -c <command>}, and finds them again.
 *
 * <pre>{@code
 * CommandResult r = sandbox.commands().run("ls -l /");
 * CommandHandle server = sandbox.commands().start("python3 -m http.server 8000",
 *     CommandOptions.builder().tag("web").onStdout(System.out::print).build());
 * }</pre>
 *
 * <p>Output streams survive a dropped connection: the SDK reconnects (see {@link ReconnectPolicy})
 * and resumes the output exactly where it stopped, without loss or duplicates.
 */
public interface Commands {
  /** Runs a command and waits for it to end. A non-zero exit is a result, not an exception. */
  default CommandResult run(String command) {
    return run(command, CommandOptions.defaults());
  }

  /**
   * Runs a command and waits for it to end. Without {@code stdin(true)} the command has no stdin.
   *
   * @throws CommandExitException when it exits non-zero and the options ask for it
   * @throws TimeoutException when it runs past the options' timeout (it is killed)
   * @throws InvalidArgumentException for a missing cwd or an empty command
   */
  CommandResult run(String command, CommandOptions options);

  /** Starts a command in the background; see {@link #start(String, CommandOptions)}. */
  default CommandHandle start(String command) {
    return start(command, CommandOptions.defaults());
  }

  /**
   * Starts a command in the background and returns once it runs (its pid is known). Unless the
   * options say otherwise, it gets a stdin pipe. Closing the handle only stops listening; the
   * command runs on until it ends or is killed.
   */
  CommandHandle start(String command, CommandOptions options);

  /** Processes running in the sandbox that were started through its agent. */
  List<ProcessInfo> list();

  /**
   * Attaches to a running process (or one that ended in the last 30 s). The handle first sees the
   * output the sandbox kept (its newest 1 MiB), then live output, then the end.
   *
   * @throws NotFoundException when there is no such process
   */
  default CommandHandle connect(int pid) {
    return connect(pid, CommandOptions.defaults());
  }

  /** As {@link #connect(int)}; of the options, only the callbacks and {@code throwOnNonZeroExit} apply. */
  CommandHandle connect(int pid, CommandOptions options);

  /** As {@link #connect(int)}, finding the process by its tag. */
  default CommandHandle connect(String tag) {
    return connect(tag, CommandOptions.defaults());
  }

  /** As {@link #connect(int, CommandOptions)}, finding the process by its tag. */
  CommandHandle connect(String tag, CommandOptions options);

  /** Writes to a process's stdin. */
  void sendStdin(int pid, String data);

  /** Kills a process (SIGKILL); false when there was no such process. */
  boolean kill(int pid);
}
