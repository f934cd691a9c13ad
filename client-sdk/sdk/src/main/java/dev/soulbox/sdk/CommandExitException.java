package dev.soulbox.sdk;

import static java.util.Objects.requireNonNull;

/**
 * A command exited with a non-zero code and the caller asked for an exception
 * ({@link CommandOptions.Builder#throwOnNonZeroExit(boolean)}). The full result, output included,
 * is in {@link #result()}.
 */
public class CommandExitException extends SoulBoxException {
  private static final long serialVersionUID = 1L;
  private static final int STDERR_EXCERPT = 500;

  private final transient CommandResult result;

  public CommandExitException(CommandResult result) {
    super(describe(requireNonNull(result, "result")));
    this.result = result;
  }

  public CommandResult result() {
    return result;
  }

  public int exitCode() {
    return result.exitCode();
  }

  private static String describe(CommandResult result) {
    StringBuilder s = new StringBuilder("command exited with code ").append(result.exitCode());
    if (result.error() != null) {
      s.append(" (").append(result.error()).append(')');
    }
    String stderr = result.stderr().strip();
    if (!stderr.isEmpty()) {
      s.append(": ").append(stderr.length() > STDERR_EXCERPT
          ? "…" + stderr.substring(stderr.length() - STDERR_EXCERPT) : stderr);
    }
    return s.toString();
  }
}
