package dev.soulbox.cli;

/**
 * What {@code soulbox} exits with, so scripts can tell failures apart. {@code exec} and
 * {@code sandbox connect} exit with the remote command's own code once it has run.
 */
public final class ExitCodes {
  /** It worked. */
  public static final int OK = 0;
  /** It failed for a reason below none of the others: the server refused, a transfer was corrupted, a bug. */
  public static final int FAILED = 1;
  /** The command line or its input was wrong: unknown option, bad value, a path or argument the server rejected. */
  public static final int USAGE = 2;
  /** What it names does not exist: a sandbox, a file, a process, a template. */
  public static final int NOT_FOUND = 3;
  /** The API key (or a sandbox's access token) is missing or wrong. */
  public static final int AUTH = 4;
  /** Something took longer than allowed. */
  public static final int TIMEOUT = 5;
  /** The orchestrator cannot be reached. */
  public static final int UNAVAILABLE = 6;

  /** The table in {@code soulbox --help} and the docs. */
  public static final String[] HELP = {
      "Exit codes:",
      "  0  ok",
      "  1  failed (also: the command's own code for exec and sandbox connect)",
      "  2  usage: bad option, argument or input",
      "  3  not found: sandbox, file, process or template",
      "  4  authentication: missing or wrong API key",
      "  5  timeout",
      "  6  unavailable: cannot reach the orchestrator",
  };

  private ExitCodes() {
  }
}
