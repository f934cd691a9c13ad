package dev.soulbox.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code soulbox} in-process, as Main wires it, capturing what it prints. */
final class Cli {
  record Run(int exitCode, String out, String err) {
  }

  private Cli() {
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = SoulBoxCommand.commandLine(args).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
