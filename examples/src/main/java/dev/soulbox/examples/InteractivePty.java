package dev.soulbox.examples;

import dev.soulbox.sdk.PtyHandle;
import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SoulBox;
import java.io.IOException;
import java.util.Arrays;

/**
 * A shell in a sandbox, in this terminal: keystrokes go to the sandbox's terminal, its output
 * comes back, and resizing this window resizes that terminal. Exit the shell (or press Ctrl-D)
 * to leave. Run it from a real terminal:
 *
 * <pre>
 * mvn -q -pl examples exec:java -Dexec.mainClass=dev.soulbox.examples.InteractivePty
 * </pre>
 */
public final class InteractivePty {
  public static void main(String[] args) throws Exception {
    int[] size = terminalSize();
    try (SoulBox client = SoulBox.builder().build();
         Sandbox sandbox = client.create()) {
      PtyHandle term = sandbox.pty().create(size[0], size[1], bytes -> {
        System.out.write(bytes, 0, bytes.length);
        System.out.flush();
      });
      stty("raw -echo");
      try {
        daemon("keyboard", () -> pump(term));
        daemon("resize", () -> followSize(term, size));
        term.waitFor();
      } finally {
        stty("sane");
      }
      System.out.println("\nshell exited; sandbox " + sandbox.id() + " is being removed");
    }
  }

  private static void pump(PtyHandle term) {
    byte[] buffer = new byte[1024];
    try {
      for (int n; (n = System.in.read(buffer)) != -1; ) {
        term.sendInput(Arrays.copyOf(buffer, n));
      }
    } catch (IOException | RuntimeException e) {
      // the shell is gone or stdin closed: nothing left to type into
    }
  }

  /** Passes this terminal's size changes on to the sandbox's terminal. */
  private static void followSize(PtyHandle term, int[] last) {
    try {
      while (!term.isDone()) {
        Thread.sleep(500);
        int[] now = terminalSize();
        if (!Arrays.equals(now, last)) {
          term.resize(now[0], now[1]);
          last = now;
        }
      }
    } catch (Exception e) {
      // the terminal is gone
    }
  }

  private static void daemon(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    t.start();
  }

  /** Columns and rows of this terminal, or 80x24 when there is none. */
  private static int[] terminalSize() throws Exception {
    String[] parts = stty("size").trim().split("\\s+");
    try {
      return new int[] {Integer.parseInt(parts[1]), Integer.parseInt(parts[0])};
    } catch (RuntimeException e) {
      return new int[] {80, 24};
    }
  }

  private static String stty(String settings) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "stty " + settings + " < /dev/tty").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }
}
