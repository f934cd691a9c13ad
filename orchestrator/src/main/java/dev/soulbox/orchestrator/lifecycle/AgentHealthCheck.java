package dev.soulbox.orchestrator.lifecycle;

import dev.soulbox.orchestrator.runtime.SandboxLaunchException;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Polls the agent's gRPC health service on its published port until it reports SERVING. */
final class AgentHealthCheck implements ReadinessCheck {
  // first polls come quickly (an agent is up in well under a second), later ones back off so that
  // many sandboxes starting at once do not spend the CPU their agents need on being asked
  private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long CALL_MILLIS = 1000;
  private static final long ALIVE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);

  private final Duration timeout;

  AgentHealthCheck(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public ReadinessCheck withTimeout(Duration newTimeout) {
    return new AgentHealthCheck(newTimeout);
  }

  @Override
  public Duration timeout() {
    return timeout;
  }

  @Override
  public void waitUntilReady(ReadinessTarget target) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ManagedChannel channel = NettyChannelBuilder.forAddress(target.agent()).usePlaintext().build();
    try {
      HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
      String lastProblem = "no answer";
      long nextAliveCheck = System.nanoTime() + ALIVE_CHECK_NANOS;
      long pollNanos = FIRST_POLL_NANOS;
      while (System.nanoTime() < deadline) {
        try {
          ServingStatus status = health.withDeadlineAfter(CALL_MILLIS, TimeUnit.MILLISECONDS)
              .check(HealthCheckRequest.getDefaultInstance()).getStatus();
          if (status == ServingStatus.SERVING) {
            return;
          }
          lastProblem = "health " + status;
        } catch (StatusRuntimeException e) {
          lastProblem = e.getStatus().getCode() + (e.getStatus().getDescription() == null ? ""
              : " (" + e.getStatus().getDescription() + ")");
        }
        if (System.nanoTime() > nextAliveCheck) {
          if (!target.isRunning()) {
            throw new SandboxLaunchException("sandbox " + target.sandboxId() + " stopped before its agent answered");
          }
          nextAliveCheck = System.nanoTime() + ALIVE_CHECK_NANOS;
        }
        LockSupport.parkNanos(pollNanos);
        pollNanos = Math.min(MAX_POLL_NANOS, pollNanos * 3 / 2);
        // the agent is expected any moment: reconnect now, not after grpc's back-off of a second or more
        channel.resetConnectBackoff();
      }
      throw new SandboxLaunchException("the agent of sandbox " + target.sandboxId() + " did not answer within "
          + timeout.toSeconds() + " s (last: " + lastProblem + ")");
    } finally {
      channel.shutdownNow();
    }
  }
}
