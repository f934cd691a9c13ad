package dev.soulbox.cli.command;

import dev.soulbox.cli.ExitCodes;
import dev.soulbox.cli.LocalTerminal;
import dev.soulbox.cli.SandboxClientCommand;
import dev.soulbox.sdk.CommandResult;
import dev.soulbox.sdk.PtyHandle;
import dev.soulbox.sdk.PtyOptions;
import dev.soulbox.sdk.Sandbox;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code soulbox sandbox connect ID}: this terminal, raw, bridged to a shell on a terminal in the
 * sandbox, until the shell exits (Ctrl-D or {@code exit}); exits with the shell's code.
 */
@Command(name = "connect", aliases = "shell", header = "Open an interactive shell in a sandbox.",
    description = {"This terminal goes raw and talks to a login bash on a terminal in the sandbox; resizing the "
        + "window resizes it. Leave with Ctrl-D or `exit`; soulbox exits with the shell's exit code.",
        "Without a terminal (stdin piped), the input is typed into the shell and end of input is Ctrl-D."})
public final class SandboxConnectCommand extends SandboxClientCommand {
  private static final byte CTRL_D = 4;

  @Option(names = {"-c", "--command"}, paramLabel = "COMMAND", description = "Run this instead of an interactive bash, e.g. htop.")
  String command;

  @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "User to run as (default: the sandbox's, `user`).")
  String user;

  @Option(names = {"-w", "--cwd"}, paramLabel = "DIR", description = "Working directory (default: the user's home).")
  String cwd;

  @Override
  protected int run(Sandbox sandbox) throws InterruptedException {
    boolean interactive = LocalTerminal.isInteractive();
    int[] size = interactive ? LocalTerminal.size().orElse(new int[] {80, 24}) : new int[] {80, 24};
    OutputStream stdout = new FileOutputStream(FileDescriptor.out);
    PtyOptions.Builder options = PtyOptions.builder(size[0], size[1], bytes -> write(stdout, bytes));
    if (command != null) {
      options.command(command);
    }
    if (user != null) {
      options.user(user);
    }
    if (cwd != null) {
      options.cwd(cwd);
    }
    PtyHandle term = sandbox.pty().create(options.build());
    String saved = interactive ? LocalTerminal.enterRaw() : null;
    Thread restore = new Thread(() -> LocalTerminal.restore(saved), "soulbox-restore-terminal");
    if (interactive) {
      Runtime.getRuntime().addShutdownHook(restore);
      LocalTerminal.onResize(() -> LocalTerminal.size().ifPresent(s -> resize(term, s)));
    }
    try {
      Thread keyboard = new Thread(() -> pump(new FileInputStream(FileDescriptor.in), term, !interactive),
          "soulbox-keyboard");
      keyboard.setDaemon(true);
      keyboard.start();
      CommandResult result = term.waitFor();
      return result.exitCode() < 0 ? ExitCodes.FAILED : result.exitCode();
    } finally {
      term.close();
      if (interactive) {
        LocalTerminal.restore(saved);
        try {
          Runtime.getRuntime().removeShutdownHook(restore);
        } catch (IllegalStateException shuttingDown) {
          // the hook runs anyway
        }
      }
    }
  }

  private static void write(OutputStream stdout, byte[] bytes) {
    try {
      stdout.write(bytes);
      stdout.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void resize(PtyHandle term, int[] size) {
    try {
      term.resize(size[0], size[1]);
    } catch (RuntimeException e) {
      // the terminal ended while the window changed
    }
  }

  /** Keystrokes (or piped input) into the terminal; at end of piped input, Ctrl-D. */
  private static void pump(InputStream in, PtyHandle term, boolean endWithCtrlD) {
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) != -1; ) {
        if (n > 0) {
          term.sendInput(Arrays.copyOf(buffer, n));
        }
      }
      if (endWithCtrlD) {
        term.sendInput(new byte[] {CTRL_D});
      }
    } catch (IOException | RuntimeException e) {
      // stdin closed or the terminal is gone: nothing left to type into
    }
  }
}
