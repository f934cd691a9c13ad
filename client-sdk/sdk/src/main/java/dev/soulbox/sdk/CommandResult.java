package dev.soulbox.sdk;

import static java.util.Objects.requireNonNull;

/**
 * How a command ended and what it printed.
 *
 * @param exitCode the process's exit code; -1 when a signal ended it
 * @param stdout everything it wrote to stdout, decoded as UTF-8 (empty for a terminal)
 * @param stderr everything it wrote to stderr, decoded as UTF-8 (empty for a terminal)
 * @param error why the process ended abnormally ("process was killed at its deadline"), or null
 */
public record CommandResult(int exitCode, String stdout, String stderr, String error) {
  public CommandResult {
    requireNonNull(stdout, "stdout");
    requireNonNull(stderr, "stderr");
  }

  /** Whether the command exited with code 0. */
  public boolean succeeded() {
    return exitCode == 0;
  }

  /** This result, or a {@link CommandExitException} carrying it when the exit code is not 0. */
  public CommandResult orThrow() {
    if (!succeeded()) {
      throw new CommandExitException(this);
    }
    return this;
  }
}
