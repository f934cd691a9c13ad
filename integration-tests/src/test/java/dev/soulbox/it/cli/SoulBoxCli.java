package dev.soulbox.it.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/soulbox} run as a real process, as a script would: an environment of its own
 * (a private {@code XDG_CONFIG_HOME}, the endpoint and key when given), optional stdin, and
 * stdout, stderr and the exit code kept apart.
 */
final class SoulBoxCli {
  /** @param stdout what it wrote to stdout, as bytes ({@code out} is the same decoded as UTF-8) */
  record Result(int code, String out, String err, byte[] stdout) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static final Path LAUNCHER = Path.of(System.getProperty("soulbox.cli", "../bin/soulbox")).toAbsolutePath().normalize();

  private final Map<String, String> env = new HashMap<>();

  /** With no endpoint or key: only what the config file under {@code configHome} says. */
  SoulBoxCli(Path configHome) {
    for (String name : List.of("PATH", "HOME", "JAVA_HOME", "LANG", "TMPDIR", "DOCKER_HOST")) {
      String v = System.getenv(name);
      if (v != null) {
        env.put(name, v);
      }
    }
    env.put("XDG_CONFIG_HOME", configHome.toString());
  }

  private SoulBoxCli(Map<String, String> env) {
    this.env.putAll(env);
  }

  /** The same, with one variable set (or removed, when {@code value} is null). */
  SoulBoxCli with(String name, String value) {
    SoulBoxCli copy = new SoulBoxCli(env);
    if (value == null) {
      copy.env.remove(name);
    } else {
      copy.env.put(name, value);
    }
    return copy;
  }

  Result run(String... args) {
    return runWithInput(null, args);
  }

  /** Runs it with {@code stdin} piped in (null: stdin is /dev/null). */
  Result runWithInput(byte[] stdin, String... args) {
    try {
      Process p = start(stdin != null, args);
      if (stdin != null) {
        try (OutputStream in = p.getOutputStream()) {
          in.write(stdin);
        }
      }
      return finish(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts it and leaves it running; stdout and stderr go to files read by {@link #finish(Process)}. */
  Process start(boolean pipeStdin, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(LAUNCHER.toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().putAll(env);
    Path out = Files.createTempFile("soulbox-cli-", ".out");
    Path err = Files.createTempFile("soulbox-cli-", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    if (!pipeStdin) {
      pb.redirectInput(new java.io.File("/dev/null"));
    }
    Process p = pb.start();
    OUTPUTS.put(p, new Path[] {out, err});
    return p;
  }

  private static final Map<Process, Path[]> OUTPUTS = new java.util.concurrent.ConcurrentHashMap<>();

  static Result finish(Process p) {
    try {
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("soulbox did not exit within 180 s");
      }
      Path[] files = OUTPUTS.remove(p);
      byte[] stdout = Files.readAllBytes(files[0]);
      Result r = new Result(p.exitValue(), new String(stdout, StandardCharsets.UTF_8),
          Files.readString(files[1], StandardCharsets.UTF_8), stdout);
      Files.deleteIfExists(files[0]);
      Files.deleteIfExists(files[1]);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
