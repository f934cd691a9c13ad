package dev.soulbox.grpc;

import io.grpc.Server;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping a gRPC server the same way everywhere. */
public final class Servers {
  private Servers() {}

  /**
   * Stops a started server: refuses new calls, runs {@code endCalls} (what ends the calls that would otherwise keep
   * it from terminating, such as relayed streams or running processes), waits up to {@code grace} for the rest,
   * then cuts them.
   */
  public static void stop(Server server, Duration grace, Runnable endCalls) {
    server.shutdown();
    endCalls.run();
    awaitTermination(server, grace);
  }

  /** Waits up to {@code grace} for a server that was told to shut down, then cuts the calls still running. */
  public static void awaitTermination(Server server, Duration grace) {
    try {
      if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
  }
}
