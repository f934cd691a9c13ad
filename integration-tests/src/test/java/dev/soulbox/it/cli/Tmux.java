package dev.soulbox.it.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A tmux server of our own (its own socket), with one session whose pane runs a command: what a
 * person sees ({@code capture-pane}), what they type ({@code send-keys}), how they resize the
 * window, and how the pane's command ended. Closing it kills that server only.
 */
final class Tmux implements AutoCloseable {
  private final String socket = "soulbox-it-" + UUID.randomUUID().toString().substring(0, 8);
  private final String session = "it";

  private Tmux() {
  }

  /** Skips the calling test when tmux is not installed. */
  static Tmux startOrSkip(int width, int height, String command) {
    Assumptions.assumeTrue(run("tmux", "-V").code == 0, "tmux is not installed: skipping the interactive terminal tests");
    Tmux t = new Tmux();
    Result r = t.tmux("-f", "/dev/null", "new-session", "-d", "-s", t.session, "-x", String.valueOf(width),
        "-y", String.valueOf(height), command, ";", "set-option", "-g", "remain-on-exit", "on");
    if (r.code != 0) {
      throw new IllegalStateException("tmux new-session failed: " + r.output);
    }
    return t;
  }

  /** Types text as it is, without pressing Enter. */
  void type(String text) {
    tmux("send-keys", "-t", session, "-l", text);
  }

  /** Presses keys by tmux's names: {@code Enter}, {@code C-d}. */
  void press(String... keys) {
    List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
    args.addAll(List.of(keys));
    tmux(args.toArray(String[]::new));
  }

  /** Types a line and presses Enter. */
  void typeLine(String line) {
    type(line);
    press("Enter");
  }

  /** The visible screen, lines as shown. */
  String screen() {
    return tmux("capture-pane", "-p", "-t", session).output;
  }

  void resizeWindow(int width, int height) {
    Result r = tmux("resize-window", "-t", session, "-x", String.valueOf(width), "-y", String.valueOf(height));
    if (r.code != 0) {
      throw new IllegalStateException("tmux resize-window failed: " + r.output);
    }
  }

  /** Whether the pane's command has exited. */
  boolean paneDead() {
    return tmux("display-message", "-p", "-t", session, "#{pane_dead}").output.strip().equals("1");
  }

  @Override
  public void close() {
    tmux("kill-server");
  }

  private Result tmux(String... args) {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
    command.addAll(List.of(args));
    return run(command.toArray(String[]::new));
  }

  private record Result(int code, String output) {
  }

  private static Result run(String... command) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().remove("TMUX");
      Process p = pb.start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, out);
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, e.toString());
    }
  }
}
