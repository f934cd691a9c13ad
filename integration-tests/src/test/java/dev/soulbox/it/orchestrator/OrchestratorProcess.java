package dev.soulbox.it.orchestrator;

import dev.soulbox.sdk.ConnectionLostException;
import dev.soulbox.sdk.SoulBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The built orchestrator jar, run as a real process ({@code serve}) on free ports of 127.0.0.1,
 * with an API key, a state directory and a Docker scope of its own. Closing it stops the process
 * and removes every container of its scope.
 */
public final class OrchestratorProcess implements AutoCloseable {
  /** Of the form SoulBox generates, which E2B's SDKs accept: {@code e2b_} and 40 hex digits. */
  public static final String API_KEY = "e2b_" + (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "")
      .substring(0, 40);

  private final String scope = "it-" + UUID.randomUUID().toString().substring(0, 8);
  private final int grpcPort = freePort();
  private final int httpPort = freePort();
  private final Path stateDir;
  private final Path log;
  private final List<String> options;
  private Process process;

  private OrchestratorProcess(List<String> options) throws IOException {
    this.options = List.copyOf(options);
    stateDir = Files.createTempDirectory("soulbox-it-state-");
    Path logs = Path.of("target", "it-logs");
    Files.createDirectories(logs);
    log = logs.resolve("orchestrator-" + scope + ".log");
    launch();
  }

  private void launch() throws IOException {
    Path jar = Path.of(System.getProperty("soulbox.orchestrator.jar", "../orchestrator/target/soulbox-orchestrator.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("orchestrator jar " + jar.toAbsolutePath() + " is missing; run mvn package first");
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "serve",
        "--grpc-port", String.valueOf(grpcPort), "--http-port", String.valueOf(httpPort), "--api-key", API_KEY,
        "--state-dir", stateDir.toString(), "--scope", scope));
    command.addAll(options);
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    awaitServing(Duration.ofSeconds(60));
  }

  /**
   * Starts one with {@code serve}'s defaults and these options, or skips the calling test class (with the
   * reason) when there is no Docker engine; fails when there is one but the sandbox images were not built.
   */
  public static OrchestratorProcess startOrSkip(String... options) {
    Docker.requireEngineOrSkip();
    Docker.requireImage("soulbox/base:latest");
    try {
      return new OrchestratorProcess(List.of(options));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Stops the process (its sandboxes keep running) and starts it again on the same ports, state and scope;
   * {@code crash}: kills it at once ({@code SIGKILL}), so that it cleans nothing up.
   */
  public void restart(boolean crash) {
    if (crash) {
      try {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      stopProcess();
    }
    try {
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String endpoint() {
    return "127.0.0.1:" + grpcPort;
  }

  public int httpPort() {
    return httpPort;
  }

  public String scope() {
    return scope;
  }

  /** Its state directory; the local CA of its web port is in {@code tls/}. */
  public Path stateDir() {
    return stateDir;
  }

  /** A client with the right key. */
  public SoulBox client() {
    return SoulBox.builder().endpoint(endpoint()).apiKey(API_KEY).build();
  }

  private void awaitServing(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (SoulBox client = SoulBox.builder().endpoint(endpoint()).apiKey(API_KEY)
        .requestTimeout(Duration.ofSeconds(2)).build()) {
      while (true) {
        if (!process.isAlive()) {
          Docker.removeScope(scope);
          throw new IllegalStateException("orchestrator exited with " + process.exitValue() + ": " + logText());
        }
        Exception notYet = null;
        try {
          client.list();
          if (webPortAccepts()) {
            return;
          }
        } catch (ConnectionLostException | dev.soulbox.sdk.TimeoutException e) {
          notYet = e;
        }
        if (System.nanoTime() > deadline) {
          close();
          throw new IllegalStateException("orchestrator did not answer on both ports within " + timeout + ": "
              + logText(), notYet);
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private boolean webPortAccepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", httpPort), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    stopProcess();
    Docker.removeScope(scope);
  }

  private void stopProcess() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The docker CLI, for what the tests check and clean up beside the orchestrator. */
  public static final class Docker {
    private Docker() {
    }

    static void requireEngineOrSkip() {
      Result info = run("docker", "info", "--format", "{{.ServerVersion}}");
      Assumptions.assumeTrue(info.code() == 0, () -> "Docker is not available (docker info: " + info.output().strip()
          + "): skipping the orchestrator, SDK and CLI integration tests");
    }

    public static void requireImage(String image) {
      if (run("docker", "image", "inspect", image).code() != 0) {
        throw new AssertionError("image " + image + " must be built first: sandbox-image/build.sh");
      }
    }

    public static boolean hasImage(String image) {
      return run("docker", "image", "inspect", image).code() == 0;
    }

    /** The ids of the containers of the scope, running or not. */
    public static List<String> containersOf(String scope) {
      return run("docker", "ps", "-aq", "--filter", "label=dev.soulbox.scope=" + scope).output().lines()
          .map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Removes every container of the scope; the orchestrator removes its own, this is the sweep after it. */
    public static void removeScope(String scope) {
      Result ids = run("docker", "ps", "-aq", "--filter", "label=dev.soulbox.scope=" + scope);
      List<String> command = new ArrayList<>(List.of("docker", "rm", "-f"));
      ids.output().lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(command::add);
      if (command.size() > 3) {
        run(command.toArray(String[]::new));
      }
    }

    /** Removes an image if it is there (templates the tests built). */
    public static void removeImage(String image) {
      run("docker", "rmi", "-f", image);
    }

    record Result(int code, String output) {
    }

    static Result run(String... command) {
      try {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return new Result(-1, out + " (timed out)");
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
}
