package dev.soulbox.bench;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An agent jar started as its own process, and a channel to it. */
final class LaunchedAgent implements AutoCloseable {
  static final String TOKEN = "benchmark-token";

  final Process process;
  final ManagedChannel channel;
  final long launchedNanos;
  final long answeredNanos;

  LaunchedAgent(Path jar, List<String> jvmOptions) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString(), "--host", "127.0.0.1", "--port", String.valueOf(port),
        "--access-token", TOKEN));
    launchedNanos = System.nanoTime();
    process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
    // poll the port first: a gRPC channel that finds it closed backs off for a second before retrying
    awaitPort(port);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().maxInboundMessageSize(16 << 20).build();
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
    while (true) {
      try {
        health.withDeadlineAfter(5, TimeUnit.SECONDS).withWaitForReady().check(HealthCheckRequest.getDefaultInstance());
        break;
      } catch (RuntimeException e) {
        if (!process.isAlive()) {
          throw new IllegalStateException("agent exited with " + process.exitValue());
        }
      }
    }
    answeredNanos = System.nanoTime();
  }

  private void awaitPort(int port) throws InterruptedException {
    while (true) {
      try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        if (!process.isAlive()) {
          throw new IllegalStateException("agent exited with " + process.exitValue());
        }
        Thread.sleep(5);
      }
    }
  }

  <S extends AbstractStub<S>> S authorized(S stub) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("x-access-token", Metadata.ASCII_STRING_MARSHALLER), TOKEN);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /** Resident set size of the agent process, in MiB. */
  double rssMib() throws IOException {
    return statusMib("VmRSS:");
  }

  /** The part of the RSS that is the agent's alone (not file pages such as libjvm.so or the class archive). */
  double privateMib() throws IOException {
    return statusMib("RssAnon:");
  }

  /** "78.3 MiB (private 45.0 MiB)". */
  String memory() throws IOException {
    return String.format("%.1f MiB (private %.1f MiB)", rssMib(), privateMib());
  }

  private double statusMib(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
