package dev.soulbox.sdk;

import java.util.function.Consumer;

/**
 * Interactive terminals in a sandbox. Output arrives as raw bytes (escape sequences included) for
 * a terminal emulator; input is what a keyboard would send. A terminal outlives the client that
 * opened it and can be reconnected to from anywhere; its output stream survives a dropped
 * connection the way a command's does.
 *
 * <pre>{@code
 * PtyHandle term = sandbox.pty().create(80, 24, bytes -> System.out.write(bytes, 0, bytes.length));
 * term.sendInput("ls\n");
 * term.sendInput("exit\n");
 * term.waitFor();
 * }</pre>
 */
public interface Pty {
  /** Opens a terminal of {@code cols} × {@code rows} running an interactive login bash. */
  default PtyHandle create(int cols, int rows, Consumer<byte[]> onData) {
    return create(PtyOptions.builder(cols, rows, onData).build());
  }

  /** Opens a terminal and returns once its shell runs. */
  PtyHandle create(PtyOptions options);

  /** Reattaches to a terminal; {@code onData} first gets the output the sandbox kept (its newest 1 MiB). */
  PtyHandle connect(int pid, Consumer<byte[]> onData);

  /** As {@link #connect(int, Consumer)}, finding the terminal by its tag. */
  PtyHandle connect(String tag, Consumer<byte[]> onData);

  /** Types into a terminal; Ctrl-D is {@code new byte[] {4}}. */
  void sendInput(int pid, byte[] data);

  /** Changes a terminal's size; its programs get SIGWINCH. */
  void resize(int pid, int cols, int rows);

  /** Kills the terminal's process (SIGKILL); false when there was no such process. */
  boolean kill(int pid);
}
