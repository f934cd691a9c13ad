package dev.soulbox.orchestrator.proxy;

import dev.soulbox.agent.server.AgentConfig;
import dev.soulbox.agent.server.AgentServer;
import dev.soulbox.orchestrator.http.MapSandboxDirectory;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.runtime.SandboxState;
import dev.soulbox.proto.orchestrator.v1.SandboxServiceGrpc;
import dev.soulbox.proto.orchestrator.v1.TemplateServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.reflection.v1alpha.ServerReflectionGrpc;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A real agent on TCP, and in front of it a real orchestrator port: the proxy's services, two
 * admin services and reflection on one server, routing through a map-backed directory.
 */
final class ProxyHarness implements AutoCloseable {
  static final String TOKEN = "s3cret-token";
  static final String SANDBOX = "sbxproxytest00000001";
  static final int MAX_MESSAGE_BYTES = AgentProxy.MAX_MESSAGE_BYTES;

  final UpstreamCalls upstream = new UpstreamCalls();
  final MapSandboxDirectory directory = new MapSandboxDirectory();
  final Metrics metrics = new Metrics();
  final AgentChannels agents = new AgentChannels();
  final AgentServer agent;
  final AgentProxy proxy;
  final Server server;
  /** Client to the orchestrator port. */
  final ManagedChannel channel;
  /** Client straight to the agent, to compare with. */
  final ManagedChannel direct;

  ProxyHarness(AgentConfig config) {
    try {
      agent = new AgentServer(NettyServerBuilder.forAddress(loopback(0)).intercept(upstream), config).start();
      directory.put(SANDBOX, SandboxState.RUNNING, loopback(agent.port()));
      proxy = new AgentProxy(directory, agents, metrics);
      NettyServerBuilder builder = NettyServerBuilder.forAddress(loopback(0))
          .maxInboundMessageSize(MAX_MESSAGE_BYTES)
          .callExecutor(AgentProxy.CALL_EXECUTORS)
          .addService(new SandboxServiceGrpc.SandboxServiceImplBase() {})
          .addService(new TemplateServiceGrpc.TemplateServiceImplBase() {})
          .addService(ProtoReflectionServiceV1.newInstance())
          // the agent's v1alpha reflection is bidi-streaming: relayed here to exercise that call type
          .addService(proxy.relayed(ServerReflectionGrpc.getServiceDescriptor()));
      proxy.services().forEach(builder::addService);
      server = builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    channel = client(server.getPort());
    direct = client(agent.port());
  }

  static ProxyHarness start() {
    return new ProxyHarness(AgentConfig.defaults().withAccessToken(TOKEN));
  }

  static InetSocketAddress loopback(int port) {
    return new InetSocketAddress("127.0.0.1", port);
  }

  /** A client with a fixed 1 MiB window, so what it holds unread is bounded and known. */
  static ManagedChannel client(int port) {
    return NettyChannelBuilder.forAddress(loopback(port)).usePlaintext()
        .maxInboundMessageSize(MAX_MESSAGE_BYTES).flowControlWindow(1 << 20).build();
  }

  /** The stub with the sandbox's id and access token, as an SDK sends them. */
  static <S extends AbstractStub<S>> S toSandbox(S stub) {
    return withHeaders(stub, "sandbox-id", SANDBOX, "x-access-token", TOKEN);
  }

  /** The stub with extra headers, given as name, value, name, value… */
  static <S extends AbstractStub<S>> S withHeaders(S stub, String... namesAndValues) {
    Metadata headers = new Metadata();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.put(Metadata.Key.of(namesAndValues[i], Metadata.ASCII_STRING_MARSHALLER), namesAndValues[i + 1]);
    }
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /** The proxy's counter for one service and status code, 0 when absent. */
  long proxiedCalls(String service, String code) {
    String series = "soulbox_proxied_calls_total{service=\"" + service + "\",code=\"" + code + "\"} ";
    return metrics.render().lines().filter(l -> l.startsWith(series))
        .mapToLong(l -> Long.parseLong(l.substring(series.length()))).sum();
  }

  @Override
  public void close() {
    for (ManagedChannel c : new ManagedChannel[] {channel, direct}) {
      c.shutdownNow();
    }
    proxy.close();
    agents.close();
    server.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
      direct.awaitTermination(5, TimeUnit.SECONDS);
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    agent.close();
  }
}
