package dev.soulbox.it.agent;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The built agent jar, started as a real process on a free TCP port of 127.0.0.1. */
public final class AgentProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final String token;
  private final Path log;
  private final ManagedChannel channel;

  private AgentProcess(List<String> jvmOptions, List<String> extraArgs) throws IOException {
    Path jar = Path.of(System.getProperty("soulbox.agent.jar", "../envd-agent/target/soulbox-envd-agent.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("agent jar " + jar.toAbsolutePath() + " is missing; run mvn package first");
    }
    this.port = freePort();
    this.token = UUID.randomUUID().toString();
    this.log = Files.createTempFile("soulbox-agent-" + port + "-", ".log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dpty4j.tmpdir=" + System.getProperty("pty4j.tmpdir", System.getProperty("java.io.tmpdir"))));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString(),
        "--host", "127.0.0.1", "--port", String.valueOf(port), "--access-token", token));
    command.addAll(extraArgs);
    this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
        .maxInboundMessageSize(16 << 20).build();
    awaitServing(Duration.ofSeconds(30));
  }

  public static AgentProcess start(String... extraArgs) {
    return startWithJvm(List.of(), extraArgs);
  }

  /** Starts the agent with these JVM options, for example a small heap. */
  public static AgentProcess startWithJvm(List<String> jvmOptions, String... extraArgs) {
    try {
      return new AgentProcess(jvmOptions, List.of(extraArgs));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitServing(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("agent exited with " + process.exitValue() + ": " + logText());
      }
      try {
        HealthCheckResponse r = health.withDeadlineAfter(1, TimeUnit.SECONDS).withWaitForReady()
            .check(HealthCheckRequest.getDefaultInstance());
        if (r.getStatus() == HealthCheckResponse.ServingStatus.SERVING) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
    }
    close();
    throw new IllegalStateException("agent did not answer within " + timeout + ": " + logText(), last);
  }

  /** A channel that carries no access token. */
  public ManagedChannel rawChannel() {
    return channel;
  }

  /** Attaches the agent's access token to a stub. */
  public <S extends io.grpc.stub.AbstractStub<S>> S authorized(S stub) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("x-access-token", Metadata.ASCII_STRING_MARSHALLER), token);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /** The access token the agent was started with. */
  public String accessToken() {
    return token;
  }

  public long pid() {
    return process.pid();
  }

  public int port() {
    return port;
  }

  public Process process() {
    return process;
  }

  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException ignored) {
      // the log stays for inspection
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
