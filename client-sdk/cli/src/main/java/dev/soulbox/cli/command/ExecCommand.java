package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.Converters;
import dev.soulbox.cli.ExitCodes;
import dev.soulbox.cli.LocalTerminal;
import dev.soulbox.cli.SandboxClientCommand;
import dev.soulbox.sdk.CommandHandle;
import dev.soulbox.sdk.CommandOptions;
import dev.soulbox.sdk.CommandResult;
import dev.soulbox.sdk.Sandbox;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code soulbox exec ID -- CMD ARGS…}: runs a command in a sandbox with its stdout and stderr on
 * ours, piped stdin passed on, and its exit code as ours.
 */
@Command(name = "exec", header = "Run a command in a sandbox; exit with its exit code.",
    description = {"Its stdout and stderr stream to soulbox's stdout and stderr as they come. When stdin is "
        + "piped or a file, it is passed on and closed at its end; from a terminal, the command gets no stdin.",
        "One word after the id is a shell command line (pipes and globs work: 'ls /tmp | wc -l'); several words "
        + "are a command and its arguments, quoted for the shell. Options go before the id.",
        "If soulbox itself fails, it exits with its own codes (see soulbox --help); a command killed by a signal "
        + "exits 1."})
public final class ExecCommand extends SandboxClientCommand {
  @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments.")
  List<String> command;

  @Option(names = {"-w", "--cwd"}, paramLabel = "DIR", description = "Working directory (default: the user's home).")
  String cwd;

  @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "User to run as (default: the sandbox's, `user`).")
  String user;

  @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "Environment variable; repeatable.")
  Map<String, String> env = new LinkedHashMap<>();

  @Option(names = "--timeout", paramLabel = "DURATION", converter = Converters.Seconds.class,
      description = "Kill the command after this long (exit 5). Default: none.")
  Duration timeout;

  @Override
  protected int run(Sandbox sandbox) {
    boolean forwardStdin = !LocalTerminal.isInteractive() && !LocalTerminal.stdinIsTerminal();
    PrintWriter out = out();
    PrintWriter err = err();
    CommandOptions.Builder options = CommandOptions.builder().stdin(forwardStdin).envs(env);
    if (!json()) {
      options.onStdout(s -> {
        out.print(s);
        out.flush();
      }).onStderr(s -> {
        err.print(s);
        err.flush();
      });
    }
    if (cwd != null) {
      options.cwd(cwd);
    }
    if (user != null) {
      options.user(user);
    }
    if (timeout != null) {
      options.timeout(timeout);
    }
    List<String> words = command.get(0).equals("--") ? command.subList(1, command.size()) : command;
    if (words.isEmpty()) {
      throw usage("no command after --");
    }
    CommandHandle handle = sandbox.commands().start(commandLine(words), options.build());
    Thread stop = new Thread(() -> {
      if (!handle.isDone()) {
        handle.kill();
      }
    }, "soulbox-exec-interrupted");
    Runtime.getRuntime().addShutdownHook(stop);
    try {
      if (forwardStdin) {
        Thread pump = new Thread(() -> pump(new FileInputStream(FileDescriptor.in), handle), "soulbox-stdin");
        pump.setDaemon(true);
        pump.start();
      }
      CommandResult result = handle.waitFor();
      if (json()) {
        printJson(ApiJson.result(handle.pid(), result));
      }
      if (result.exitCode() < 0) {
        err.println("soulbox: the command ended without an exit code" + (result.error() == null ? "" : ": " + result.error()));
        err.flush();
        return ExitCodes.FAILED;
      }
      return result.exitCode();
    } finally {
      handle.close();
      try {
        Runtime.getRuntime().removeShutdownHook(stop);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it kills the command
      }
    }
  }

  /** One word is a shell command line; more are quoted one by one. */
  static String commandLine(List<String> words) {
    if (words.size() == 1) {
      return words.get(0);
    }
    return words.stream().map(ExecCommand::quote).collect(Collectors.joining(" "));
  }

  static String quote(String word) {
    if (!word.isEmpty() && word.matches("[A-Za-z0-9_@%+=:,./-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static void pump(InputStream in, CommandHandle handle) {
    byte[] buffer = new byte[64 * 1024];
    try {
      for (int n; (n = in.read(buffer)) != -1; ) {
        if (n > 0) {
          handle.sendStdin(Arrays.copyOf(buffer, n));
        }
      }
      handle.closeStdin();
    } catch (IOException | RuntimeException e) {
      // the command ended or stopped reading; its exit is what counts
    }
  }
}
