package dev.soulbox.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every {@code soulbox} command is: {@link #doCall()} returns an {@link ExitCodes exit code}
 * or throws, and {@link ExitCodeMapper} turns what it throws into one. Output goes through the
 * command line's writers, so tests capture it with {@code setOut}/{@code setErr}.
 */
public abstract class BaseCommand implements Callable<Integer> {
  @Spec
  protected CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public final Integer call() throws Exception {
    return doCall();
  }

  protected abstract int doCall() throws Exception;

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Prints a JSON document (indented) on stdout. */
  protected void printJson(Object value) {
    out().println(Json.pretty(value));
    out().flush();
  }

  /** Prints one JSON value on one line, for streams of them. */
  protected void printJsonLine(Object value) {
    out().println(Json.line(value));
    out().flush();
  }

  /** A usage error: exit code 2 with this message. */
  protected static ExitException usage(String message) {
    return new ExitException(ExitCodes.USAGE, message);
  }
}
