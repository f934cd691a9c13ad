package dev.soulbox.agent.pty;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@link Terminal} on pty4j: the process is a session leader with the pty as its controlling terminal. */
public final class Pty4jTerminal implements Terminal {
  private final PtyProcess process;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private volatile PtySize size;

  private Pty4jTerminal(PtyProcess process, PtySize size) {
    this.process = process;
    this.size = size;
    Thread waiter = new Thread(() -> {
      try {
        exit.complete(process.waitFor());
      } catch (InterruptedException e) {
        exit.completeExceptionally(e);
      }
    }, "pty-wait-" + process.pid());
    waiter.setDaemon(true);
    waiter.start();
  }

  public static Terminal start(List<String> command, Map<String, String> env, File cwd, PtySize size) throws IOException {
    PtyProcess process = new PtyProcessBuilder(command.toArray(String[]::new))
        .setEnvironment(env)
        .setDirectory(cwd.getPath())
        .setInitialColumns(size.cols())
        .setInitialRows(size.rows())
        .setRedirectErrorStream(true)
        .start();
    return new Pty4jTerminal(process, size);
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public InputStream output() {
    return process.getInputStream();
  }

  @Override
  public OutputStream input() {
    return process.getOutputStream();
  }

  @Override
  public void resize(PtySize size) {
    process.setWinSize(new WinSize(size.cols(), size.rows()));
    this.size = size;
  }

  @Override
  public PtySize size() {
    return size;
  }

  @Override
  public CompletableFuture<Integer> onExit() {
    return exit;
  }

  @Override
  public void close() {
    closeQuietly(process.getOutputStream());
    closeQuietly(process.getInputStream());
    closeQuietly(process.getErrorStream());
  }

  private static void closeQuietly(java.io.Closeable stream) {
    try {
      stream.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
