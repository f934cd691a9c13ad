package dev.soulbox.bench;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The orchestrator jar started as its own process, with a scope and state dir of its own. */
final class LaunchedOrchestrator implements AutoCloseable {
  /** In the form E2B's SDKs accept ({@code e2b_} and hex), so the E2B benchmark can use it as it is. */
  static final String API_KEY = "e2b_" + UUID.randomUUID().toString().replace("-", "");

  final String scope = "bench-" + UUID.randomUUID().toString().substring(0, 8);
  final Process process;
  final ManagedChannel channel;
  final Path stateDir;
  final int grpcPort;
  final int httpPort;

  LaunchedOrchestrator(Path jar, int maxSandboxes) throws IOException, InterruptedException {
    stateDir = Files.createTempDirectory("soulbox-bench-state");
    grpcPort = freePort();
    httpPort = freePort();
    process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "serve", "--grpc-port", String.valueOf(grpcPort), "--http-port", String.valueOf(httpPort),
        "--api-key", API_KEY, "--state-dir", stateDir.toString(), "--scope", scope,
        "--max-sandboxes", String.valueOf(maxSandboxes), "--ready-timeout", "120s"))
        .redirectErrorStream(true).redirectOutput(new File(stateDir.toFile(), "orchestrator.log")).start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    HealthGrpc.newBlockingStub(channel).withWaitForReady().withDeadlineAfter(60, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance());
  }

  static ClientInterceptor headers(String... keyValues) {
    Metadata m = new Metadata();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(Metadata.Key.of(keyValues[i], Metadata.ASCII_STRING_MARSHALLER), keyValues[i + 1]);
    }
    return MetadataUtils.newAttachHeadersInterceptor(m);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
