package dev.soulbox.orchestrator;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.soulbox.orchestrator.api.ApiKeyInterceptor;
import dev.soulbox.orchestrator.api.PublicUrls;
import dev.soulbox.orchestrator.docker.DockerClients;
import dev.soulbox.orchestrator.docker.DockerRuntime;
import dev.soulbox.orchestrator.docker.DockerTemplateStore;
import dev.soulbox.orchestrator.docker.Labels;
import dev.soulbox.orchestrator.egress.EgressProxy;
import dev.soulbox.orchestrator.firewall.SandboxFirewall;
import dev.soulbox.orchestrator.http.HttpGateway;
import dev.soulbox.orchestrator.http.HttpGatewayOptions;
import dev.soulbox.orchestrator.lifecycle.SandboxSettings;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.proxy.AgentChannels;
import dev.soulbox.orchestrator.proxy.AgentHealthCheck;
import dev.soulbox.proto.orchestrator.v1.PortMapping;
import dev.soulbox.proto.orchestrator.v1.Sandbox;
import dev.soulbox.proto.orchestrator.v1.SandboxServiceGrpc;
import dev.soulbox.proto.orchestrator.v1.TemplateServiceGrpc;
import dev.soulbox.proto.process.ProcessConfig;
import dev.soulbox.proto.process.ProcessEvent;
import dev.soulbox.proto.process.ProcessGrpc;
import dev.soulbox.proto.process.StartRequest;
import dev.soulbox.proto.process.StartResponse;
import io.grpc.ClientInterceptor;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real orchestrator for integration tests: Docker runtime on the local engine, gRPC on
 * 127.0.0.1 at a free port, and a scope of its own, so everything it creates can be swept.
 */
final class OrchestratorHarness implements AutoCloseable {
  static final String API_KEY = "integration-test-key";
  static final Metadata.Key<String> ACCESS_TOKEN = Metadata.Key.of("x-access-token", Metadata.ASCII_STRING_MARSHALLER);

  final String scope = "it-" + UUID.randomUUID().toString().substring(0, 8);
  final DockerClient docker;
  final Path stateDir;
  private final AgentChannels agents;
  private final EgressProxy egressProxy = new EgressProxy(new Metrics());
  private final SandboxSettings settings;
  private Orchestrator orchestrator;
  private OrchestratorServer server;
  private HttpGateway gateway;
  private ManagedChannel channel;
  /** The HTTP gateway's port; fixed across restarts, so URLs handed out stay valid. */
  final int httpPort = freePort();
  SandboxServiceGrpc.SandboxServiceBlockingStub sandboxes;
  TemplateServiceGrpc.TemplateServiceBlockingStub templates;

  private OrchestratorHarness(DockerClient docker, Path stateDir, AgentChannels agents, SandboxSettings settings) {
    this.docker = docker;
    this.stateDir = stateDir;
    this.agents = agents;
    this.settings = settings;
  }

  /** Skips the calling test class when there is no Docker engine; fails when there is one but no soulbox/base. */
  static DockerClient dockerOrSkip() {
    DockerClient docker = DockerClients.create(null);
    try {
      docker.pingCmd().exec();
    } catch (RuntimeException e) {
      Assumptions.abort("Docker is not available at " + DockerClients.hostOf(null) + " (" + e.getMessage()
          + "): skipping the Docker integration tests");
    }
    try {
      docker.inspectImageCmd("soulbox/base:latest").exec();
    } catch (NotFoundException e) {
      throw new AssertionError("image soulbox/base:latest must be built first (see sandbox-image/)", e);
    }
    return docker;
  }

  static OrchestratorHarness start(DockerClient docker, Path stateDir, int maxSandboxes, Duration readyTimeout)
      throws Exception {
    AgentChannels agents = new AgentChannels();
    SandboxSettings settings = SandboxSettings.defaults(new AgentHealthCheck(agents, readyTimeout))
        .withMaxSandboxes(maxSandboxes);
    OrchestratorHarness harness = new OrchestratorHarness(docker, stateDir, agents, settings);
    harness.startServer();
    return harness;
  }

  private void startServer() throws Exception {
    PublicUrls urls = new PublicUrls("localhost", httpPort);
    Metrics metrics = new Metrics();
    orchestrator = Orchestrator.start(new OrchestratorConfig(stateDir, settings, urls, null),
        new DockerRuntime(docker, stateDir, scope, SandboxFirewall.local(), egressProxy), new DockerTemplateStore(docker), metrics);
    server = new OrchestratorServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create()),
        orchestrator, agents, API_KEY, "integration test", urls, metrics).start();
    gateway = WebPort.create("127.0.0.1", httpPort, orchestrator.sandboxes(), metrics, HttpGatewayOptions.defaults())
        .start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    ClientInterceptor key = withHeader(ApiKeyInterceptor.API_KEY, API_KEY);
    sandboxes = SandboxServiceGrpc.newBlockingStub(channel).withInterceptors(key);
    templates = TemplateServiceGrpc.newBlockingStub(channel).withInterceptors(key);
  }

  /** Stops the server and the evictor (the sandboxes stay), then starts new ones on the same state dir. */
  void restart() throws Exception {
    stopServer();
    startServer();
  }

  private void stopServer() {
    channel.shutdownNow();
    gateway.close();
    server.close();
    orchestrator.close();
  }

  /** Runs a command in the sandbox through its agent, on its published port and with its token; returns stdout. */
  static String run(Sandbox sandbox, String cmd, String... args) {
    ManagedChannel agent = agentChannel(sandbox);
    try {
      return run(agent, withHeader(ACCESS_TOKEN, sandbox.getEnvdAccessToken()), cmd, args);
    } finally {
      agent.shutdownNow();
    }
  }

  /** Runs a command in the sandbox through the orchestrator's proxy, as clients do; returns stdout. */
  String runViaProxy(Sandbox sandbox, String cmd, String... args) {
    return run(channel, viaProxy(sandbox, sandbox.getEnvdAccessToken()), cmd, args);
  }

  private static String run(io.grpc.Channel channel, ClientInterceptor auth, String cmd, String... args) {
    Iterator<StartResponse> events = ProcessGrpc.newBlockingStub(channel).withInterceptors(auth)
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .start(StartRequest.newBuilder().setProcess(ProcessConfig.newBuilder().setCmd(cmd).addAllArgs(List.of(args)))
            .build());
    StringBuilder out = new StringBuilder();
    while (events.hasNext()) {
      ProcessEvent e = events.next().getEvent();
      if (e.hasData()) {
        out.append(e.getData().getStdout().toString(StandardCharsets.UTF_8));
      }
      if (e.hasEnd()) {
        break;
      }
    }
    return out.toString();
  }

  /** The orchestrator's gRPC channel: admin calls, and agent calls relayed by sandbox-id. */
  ManagedChannel channel() {
    return channel;
  }

  /** Headers that send an agent call through the proxy to {@code sandbox}, with {@code token}. */
  static ClientInterceptor viaProxy(Sandbox sandbox, String token) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("sandbox-id", Metadata.ASCII_STRING_MARSHALLER), sandbox.getSandboxId());
    headers.put(ACCESS_TOKEN, token);
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static ManagedChannel agentChannel(Sandbox sandbox) {
    InetSocketAddress address = hostAddress(sandbox, "agent");
    return NettyChannelBuilder.forAddress(address).usePlaintext().build();
  }

  static InetSocketAddress hostAddress(Sandbox sandbox, String name) {
    PortMapping port = sandbox.getPortsList().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
    String[] hostPort = port.getHostAddress().split(":");
    return new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
  }

  static <T> ClientInterceptor withHeader(Metadata.Key<T> key, T value) {
    Metadata headers = new Metadata();
    headers.put(key, value);
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  /** This harness's containers, in any state. */
  List<Container> containers() {
    return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.SCOPE, scope)).exec();
  }

  /** Removes every container of this harness's scope, whatever the tests left behind. */
  void sweep() {
    for (Container c : containers()) {
      try {
        docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
      } catch (RuntimeException e) {
        // already gone
      }
    }
  }

  /** Stops the orchestrator, removes its containers and closes the Docker client. */
  @Override
  public void close() {
    try {
      stopServer();
    } finally {
      agents.close();
      egressProxy.close();
      sweep();
      try {
        docker.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
