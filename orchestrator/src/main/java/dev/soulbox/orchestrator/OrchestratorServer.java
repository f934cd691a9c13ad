package dev.soulbox.orchestrator;

import dev.soulbox.grpc.ServingServer;
import dev.soulbox.grpc.StatusMappingInterceptor;
import dev.soulbox.orchestrator.api.ApiKeyInterceptor;
import dev.soulbox.orchestrator.api.PublicUrls;
import dev.soulbox.orchestrator.api.SandboxGrpcService;
import dev.soulbox.orchestrator.api.TemplateGrpcService;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.proxy.AgentChannels;
import dev.soulbox.orchestrator.proxy.AgentProxy;
import io.grpc.ServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's gRPC server (port 7070), built from the {@link ServerBuilder} it is given:
 * the admin services behind the API key, the agent proxy (calls to process.*, filesystem.* and
 * soulbox.agent.v1.* with a sandbox-id, judged by the sandbox's own access token), health and
 * reflection. Closing it stops serving; the sandboxes keep running.
 */
public final class OrchestratorServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OrchestratorServer.class);

  private final ServingServer server;
  private final ExecutorService workers;
  private final AgentProxy proxy;

  /**
   * @param agents the channels to sandboxes' agents, shared with the readiness check
   * @param apiKeyHint where clients find the API key, for the UNAUTHENTICATED message
   */
  public OrchestratorServer(ServerBuilder<?> builder, Orchestrator orchestrator, AgentChannels agents, String apiKey,
                            String apiKeyHint, PublicUrls urls, Metrics metrics) {
    this.proxy = new AgentProxy(orchestrator.sandboxes(), agents, metrics);
    AtomicInteger threads = new AtomicInteger();
    this.workers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "orchestrator-stream-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    builder
        .addService(new SandboxGrpcService(orchestrator.sandboxes(), urls, workers))
        .addService(new TemplateGrpcService(orchestrator.templateStore(), orchestrator.templates(), workers))
        .addService(ProtoReflectionServiceV1.newInstance());
    proxy.services().forEach(builder::addService);
    builder.callExecutor(AgentProxy.CALL_EXECUTORS);
    builder.maxInboundMessageSize(AgentProxy.MAX_MESSAGE_BYTES);
    // interceptors run in reverse order of addition: status mapping is outermost
    builder.intercept(new ApiKeyInterceptor(apiKey, apiKeyHint)).intercept(new StatusMappingInterceptor());
    this.server = new ServingServer(builder);
  }

  public OrchestratorServer start() throws IOException {
    server.start();
    return this;
  }

  public int port() {
    return server.port();
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    if (!server.stop(Duration.ofSeconds(5), proxy::close)) {
      return;
    }
    workers.shutdownNow();
    log.info("gRPC server stopped");
  }
}
