package dev.soulbox.grpc;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server that says how it is through {@code grpc.health.v1.Health}: SERVING once started,
 * NOT_SERVING for good once it stops. Started and stopped the same way by the agent and the
 * orchestrator.
 */
public final class ServingServer {
  private final HealthStatusManager health = new HealthStatusManager();
  private final Server server;
  private boolean stopped;

  /** Adds the health service to {@code builder}, whose other services and interceptors are in place, and builds it. */
  public ServingServer(ServerBuilder<?> builder) {
    this.server = builder.addService(health.getHealthService()).build();
  }

  public void start() throws IOException {
    server.start();
    health.setStatus("", ServingStatus.SERVING);
  }

  public int port() {
    return server.getPort();
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * Stops serving: reports NOT_SERVING, refuses new calls, runs {@code endCalls} (what ends the
   * calls that would otherwise keep it from terminating, such as relayed streams or running
   * processes), waits up to {@code grace} for the rest, then cuts them. True for the call that stopped it.
   */
  public synchronized boolean stop(Duration grace, Runnable endCalls) {
    if (stopped) {
      return false;
    }
    stopped = true;
    health.enterTerminalState();
    server.shutdown();
    endCalls.run();
    try {
      if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    return true;
  }
}
