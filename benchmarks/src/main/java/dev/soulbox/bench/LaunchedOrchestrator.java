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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The orchestrator jar started as its own process, with a scope and state dir of its own. */
final class LaunchedOrchestrator implements AutoCloseable {
  /** In the form E2B's SDKs accept ({@code e2b_} and hex), so the E2B benchmark can use it as it is. */
  static final String API_KEY = "e2b_" + UUID.randomUUID().toString().replace("-", "");

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final String scope = "bench-" + UUID.randomUUID().toString().substring(0, 8);
  final Process process;
  final ManagedChannel channel;
  final Path stateDir;
  final int grpcPort;
  final int httpPort;

  /** Starts {@code serve} with {@code options} after the benchmark's own (say {@code --pool base=0}). */
  LaunchedOrchestrator(Path jar, int maxSandboxes, String... options) throws IOException, InterruptedException {
    stateDir = Files.createTempDirectory("soulbox-bench-state");
    grpcPort = freePort();
    httpPort = freePort();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "serve", "--grpc-port", String.valueOf(grpcPort), "--http-port", String.valueOf(httpPort),
        "--api-key", API_KEY, "--state-dir", stateDir.toString(), "--scope", scope,
        "--max-sandboxes", String.valueOf(maxSandboxes), "--ready-timeout", "120s"));
    command.addAll(List.of(options));
    process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(new File(stateDir.toFile(), "orchestrator.log")).start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    HealthGrpc.newBlockingStub(channel).withWaitForReady().withDeadlineAfter(60, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance()); // the gRPC port opens last: the HTTP port is up too
  }

  /** The value of one series of the orchestrator's {@code /metrics}, 0 while it is not there. */
  double metric(String series) throws IOException, InterruptedException {
    HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(metrics.body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
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
