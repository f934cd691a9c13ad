package dev.soulbox.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The terminal {@code soulbox} runs in, through {@code stty} on {@code /dev/tty}: its size, raw
 * mode and back, and window resizes (SIGWINCH, else polling). Also tells a piped stdin from a
 * terminal.
 */
public final class LocalTerminal {
  private static final File TTY = new File("/dev/tty");

  private LocalTerminal() {
  }

  /** Whether stdin and stdout are a terminal a person types at. */
  public static boolean isInteractive() {
    return System.console() != null;
  }

  /** Whether stdin is a terminal (else a pipe, a file or /dev/null). */
  public static boolean stdinIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException e) {
      try {
        Process p = new ProcessBuilder("sh", "-c", "test -t 0").redirectInput(ProcessBuilder.Redirect.INHERIT).start();
        return p.waitFor() == 0;
      } catch (IOException | InterruptedException e2) {
        return System.console() != null;
      }
    }
  }

  /** Columns and rows, when there is a terminal. */
  public static Optional<int[]> size() {
    String[] rowsCols = stty("size").strip().split("\\s+");
    try {
      int rows = Integer.parseInt(rowsCols[0]);
      int cols = Integer.parseInt(rowsCols[1]);
      return rows > 0 && cols > 0 ? Optional.of(new int[] {cols, rows}) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Puts the terminal in raw mode without echo; returns what {@link #restore(String)} takes to undo it. */
  public static String enterRaw() {
    String saved = stty("-g").strip();
    stty("raw", "-echo");
    return saved;
  }

  /** Puts the terminal back as {@link #enterRaw()} found it. Idempotent. */
  public static void restore(String saved) {
    if (saved != null && !saved.isEmpty()) {
      stty(saved);
    } else {
      stty("sane");
    }
  }

  /**
   * Calls {@code onResize} when the window changes size: on SIGWINCH where the JVM lets us have
   * it, else by looking every half second. The poller is a daemon thread.
   */
  public static void onResize(Runnable onResize) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), signal -> onResize.run());
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      Thread poller = new Thread(() -> {
        int[] last = size().orElse(null);
        while (!Thread.currentThread().isInterrupted()) {
          try {
            Thread.sleep(500);
          } catch (InterruptedException stop) {
            return;
          }
          int[] now = size().orElse(null);
          if (now != null && (last == null || now[0] != last[0] || now[1] != last[1])) {
            last = now;
            onResize.run();
          }
        }
      }, "soulbox-resize");
      poller.setDaemon(true);
      poller.start();
    }
  }

  private static String stty(String... args) {
    if (!TTY.exists()) {
      return "";
    }
    String[] command = new String[args.length + 1];
    command[0] = "stty";
    System.arraycopy(args, 0, command, 1, args.length);
    try {
      Process p = new ProcessBuilder(command).redirectInput(TTY).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor() == 0 ? out : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
