package dev.soulbox.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import picocli.CommandLine;

/**
 * {@code soulbox}'s entry point. Logging stays off the start-up path: SLF4J gets its no-op
 * provider, and the few warnings the SDK and gRPC log through {@code java.util.logging} print as
 * one line each on stderr. ({@code soulbox server} runs the orchestrator in a JVM of its own,
 * which logs through logback.)
 */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
    System.setProperty("slf4j.internal.verbosity", "ERROR");
    quietLogging(java.util.List.of(args).contains("--verbose"));
    CommandLine cmd = SoulBoxCommand.commandLine(args)
        .setOut(new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), true))
        .setErr(new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true));
    int code = cmd.execute(args);
    cmd.getOut().flush();
    cmd.getErr().flush();
    System.exit(code);
  }

  /** Warnings (everything with --verbose) as {@code soulbox: warning: …} lines on stderr. */
  private static void quietLogging(boolean verbose) {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler console = new ConsoleHandler();
    console.setLevel(verbose ? Level.INFO : Level.WARNING);
    console.setFormatter(new Formatter() {
      @Override
      public String format(LogRecord r) {
        String line = "soulbox: " + r.getLevel().getName().toLowerCase() + ": " + formatMessage(r)
            + System.lineSeparator();
        if (verbose && r.getThrown() != null) {
          java.io.StringWriter trace = new java.io.StringWriter();
          r.getThrown().printStackTrace(new PrintWriter(trace));
          line += trace;
        }
        return line;
      }
    });
    root.addHandler(console);
    root.setLevel(verbose ? Level.INFO : Level.WARNING);
  }
}
