package dev.soulbox.orchestrator.proxy;

import dev.soulbox.orchestrator.lifecycle.ReadinessCheck;
import dev.soulbox.orchestrator.lifecycle.ReadinessTarget;
import dev.soulbox.orchestrator.runtime.SandboxLaunchException;
import dev.soulbox.proto.agent.v1.AgentGrpc;
import dev.soulbox.proto.agent.v1.InfoRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ready once the agent's {@code grpc.health.v1.Health} reports SERVING, asked over the sandbox's channel in
 * {@link AgentChannels}; the proxy's first call to the sandbox then finds its agent connected. Then the agent is asked
 * once for its {@code Info}, whose envd version the sandbox reports from then on.
 */
public final class AgentHealthCheck implements ReadinessCheck {
  // first polls come quickly (an agent is up in well under a second), later ones back off so that
  // many sandboxes starting at once do not spend the CPU their agents need on being asked
  private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long CALL_MILLIS = 1000;
  private static final Logger log = LoggerFactory.getLogger(AgentHealthCheck.class);
  private static final Metadata.Key<String> ACCESS_TOKEN =
      Metadata.Key.of("x-access-token", Metadata.ASCII_STRING_MARSHALLER);
  private static final long ALIVE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);

  private final AgentChannels channels;
  private final Duration timeout;

  public AgentHealthCheck(AgentChannels channels, Duration timeout) {
    this.channels = channels;
    this.timeout = timeout;
  }

  @Override
  public ReadinessCheck withTimeout(Duration newTimeout) {
    return new AgentHealthCheck(channels, newTimeout);
  }

  @Override
  public Duration timeout() {
    return timeout;
  }

  @Override
  public void waitUntilReady(ReadinessTarget target) {
    try {
      poll(target);
    } catch (RuntimeException e) {
      channels.evict(target.sandboxId()); // the sandbox is about to be removed, and never was in the directory
      throw e;
    }
  }

  private static void askEnvdVersion(ManagedChannel channel, ReadinessTarget target) {
    Metadata headers = new Metadata();
    if (target.accessToken() != null) {
      headers.put(ACCESS_TOKEN, target.accessToken());
    }
    try {
      String version = AgentGrpc.newBlockingStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
          .withDeadlineAfter(CALL_MILLIS, TimeUnit.MILLISECONDS)
          .info(InfoRequest.getDefaultInstance()).getEnvdVersion();
      if (!version.isEmpty()) {
        target.reportEnvdVersion(version);
      }
    } catch (StatusRuntimeException e) {
      log.warn("sandbox {}: its agent did not say its version ({}); the template's is reported", target.sandboxId(),
          e.getStatus());
    }
  }

  private void poll(ReadinessTarget target) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastProblem = "no answer";
    long nextAliveCheck = System.nanoTime() + ALIVE_CHECK_NANOS;
    long pollNanos = FIRST_POLL_NANOS;
    while (System.nanoTime() < deadline) {
      // asked for on every poll: the proxy drops its channels when it closes, and a new one is made then
      ManagedChannel channel = channels.forSandbox(target.sandboxId(), target.agent())
          .orElseThrow(() -> new SandboxLaunchException("the orchestrator is shutting down"));
      try {
        ServingStatus status = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_MILLIS, TimeUnit.MILLISECONDS)
            .check(HealthCheckRequest.getDefaultInstance()).getStatus();
        if (status == ServingStatus.SERVING) {
          askEnvdVersion(channel, target);
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
  }
}
