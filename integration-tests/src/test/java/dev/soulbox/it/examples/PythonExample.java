package dev.soulbox.it.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code examples/python/run_command.py} run with Debian's Python, its stubs generated first by
 * the example's own {@code generate.sh}. A run records each line of its stdout with the time it
 * arrived, so a test can tell streamed output from output printed at the end.
 */
final class PythonExample {
  static final Path DIR = Path.of(System.getProperty("soulbox.examples.python", "../examples/python")).toAbsolutePath();
  static final String PYTHON = System.getProperty("soulbox.python", "/usr/bin/python3");

  private PythonExample() {
  }

  /** Runs {@code generate.sh}, failing with what to install when it or Debian's gRPC for Python is missing. */
  static void generateStubs() {
    Finished grpc = start(List.of(PYTHON, "-c", "import grpc"), Map.of()).waitFor(Duration.ofSeconds(30));
    if (grpc.exitCode() != 0) {
      throw new IllegalStateException(PYTHON + " cannot import grpc: apt-get install python3-grpcio\n" + grpc.stderr());
    }
    Finished generated = start(List.of(DIR.resolve("generate.sh").toString()), Map.of()).waitFor(Duration.ofSeconds(60));
    if (generated.exitCode() != 0) {
      throw new IllegalStateException("generate.sh failed: " + generated);
    }
  }

  /** Starts {@code run_command.py} with these arguments and these environment variables added. */
  static Run start(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of(PYTHON, DIR.resolve("run_command.py").toString()));
    command.addAll(List.of(args));
    return start(command, env);
  }

  private static Run start(List<String> command, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(DIR.toFile());
    // what a user's shell would give it: no SoulBox settings from here, and Python's own buffering
    builder.environment().keySet().removeAll(List.of("SOULBOX_ENDPOINT", "SOULBOX_API_KEY", "PYTHONUNBUFFERED"));
    builder.environment().putAll(env);
    try {
      return new Run(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A line of stdout and when it arrived. */
  record Line(String text, long arrivedNanos) {
  }

  /** How a run ended. */
  record Finished(int exitCode, List<String> stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + String.join("\n", stdout) + "\n--- stderr\n" + stderr;
    }
  }

  /** A running program; its output is read as it comes. Closing it kills it if it still runs. */
  static final class Run implements AutoCloseable {
    private final Process process;
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final StringBuffer stderr = new StringBuffer();
    private final Thread outReader;
    private final Thread errReader;

    private Run(Process process) throws IOException {
      this.process = process;
      process.getOutputStream().close();
      outReader = reader(process.getInputStream(), line -> lines.add(new Line(line, System.nanoTime())));
      errReader = reader(process.getErrorStream(), line -> stderr.append(line).append('\n'));
    }

    long pid() {
      return process.pid();
    }

    List<Line> lines() {
      return List.copyOf(lines);
    }

    String stderr() {
      return stderr.toString();
    }

    /** Sends SIGINT, as Ctrl-C in a terminal does. */
    void interrupt() {
      try {
        int code = new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();
        if (code != 0) {
          throw new IllegalStateException("kill -INT " + process.pid() + " exited with " + code);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /** Waits for the end (killing the program after {@code timeout}) and for all of its output. */
    Finished waitFor(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
          stderr.append("(killed after ").append(timeout).append(")\n");
        }
        outReader.join();
        errReader.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return new Finished(process.exitValue(), lines.stream().map(Line::text).toList(), stderr());
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }

    private static Thread reader(InputStream in, Consumer<String> sink) {
      Thread thread = new Thread(() -> {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
          for (String line; (line = reader.readLine()) != null; ) {
            sink.accept(line);
          }
        } catch (IOException e) {
          sink.accept("(reading failed: " + e + ")");
        }
      }, "python-example-output");
      thread.setDaemon(true);
      thread.start();
      return thread;
    }
  }
}
