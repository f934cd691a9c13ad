package dev.soulbox.it.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A script of {@code integration-tests/e2b-js} run with Node, against E2B's own SDK installed there
 * from its committed package-lock ({@code npm ci}, done by {@code scripts/test.sh}). The scripts
 * print a JSON line per check and exit 1 at the first failed one (see {@code e2b-js/lib.mjs}).
 */
public final class NodeScript {
  /** The folder of the scripts and of their node_modules. */
  public static final Path PROJECT = Path.of(System.getProperty("soulbox.e2b.js", "e2b-js")).toAbsolutePath();

  private NodeScript() {
  }

  /** What a script printed and how it ended. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean passed() {
      return exitCode == 0;
    }

    /** The output, for a failed assertion's message. */
    public String describe() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }

    /** The lines of the checks that passed. */
    public List<String> passedChecks() {
      return stdout.lines().filter(line -> line.startsWith("{\"check\"") && line.contains("\"ok\":true")).toList();
    }
  }

  /** How many checks a script has, so that one ending early with exit code 0 still fails its test. */
  public static int checksIn(String script) {
    try {
      return (int) Files.readString(PROJECT.resolve(script)).lines()
          .filter(line -> line.strip().startsWith("await check(")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void requireInstalled() {
    if (!Files.isDirectory(PROJECT.resolve("node_modules/e2b"))) {
      throw new IllegalStateException("E2B's SDK is not installed: run npm ci in " + PROJECT);
    }
  }

  /** Runs {@code script} with these environment variables added, killing it after {@code timeout}. */
  public static Result run(String script, Map<String, String> env, Duration timeout) {
    requireInstalled();
    try {
      Path out = Files.createTempFile("soulbox-node-", ".out");
      Path err = Files.createTempFile("soulbox-node-", ".err");
      try {
        ProcessBuilder builder = new ProcessBuilder("node", script).directory(PROJECT.toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
          return new Result(-1, Files.readString(out), Files.readString(err) + "\n(killed after " + timeout + ")");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + script, e);
    }
  }
}
