package dev.soulbox.orchestrator.proxy;

import static dev.soulbox.orchestrator.proxy.ProxyHarness.SANDBOX;
import static dev.soulbox.orchestrator.proxy.ProxyHarness.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.soulbox.orchestrator.lifecycle.ReadinessTarget;
import dev.soulbox.orchestrator.runtime.SandboxLaunchException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Readiness of a new sandbox, asked of a real agent over the channel the proxy then relays on. */
class AgentHealthCheckTest {
  private ProxyHarness harness;

  @BeforeEach
  void setUp() {
    harness = ProxyHarness.start();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void waitUntilReady_servingAgent_keepsItsChannelForTheProxy() {
    new AgentHealthCheck(harness.agents, Duration.ofSeconds(5))
        .waitUntilReady(target(loopback(harness.agent.port()), true));

    assertThat(harness.proxy.openChannels()).isEqualTo(1);
  }

  @Test
  void waitUntilReady_nothingListening_timesOutAndDropsTheChannel() throws IOException {
    var check = new AgentHealthCheck(harness.agents, Duration.ofSeconds(30)).withTimeout(Duration.ofSeconds(1));

    assertThatThrownBy(() -> check.waitUntilReady(target(unusedPort(), true)))
        .isInstanceOf(SandboxLaunchException.class)
        .hasMessageStartingWith("the agent of sandbox " + SANDBOX + " did not answer within 1 s (last: UNAVAILABLE");
    assertThat(harness.proxy.openChannels()).isZero();
  }

  @Test
  void waitUntilReady_stoppedSandbox_failsAtTheFirstLivenessCheck() throws IOException {
    var check = new AgentHealthCheck(harness.agents, Duration.ofSeconds(30));

    assertThatThrownBy(() -> check.waitUntilReady(target(unusedPort(), false)))
        .isInstanceOf(SandboxLaunchException.class)
        .hasMessage("sandbox " + SANDBOX + " stopped before its agent answered");
    assertThat(harness.proxy.openChannels()).isZero();
  }

  private static ReadinessTarget target(InetSocketAddress agent, boolean running) {
    return new ReadinessTarget() {
      @Override public String sandboxId() { return SANDBOX; }
      @Override public InetSocketAddress agent() { return agent; }
      @Override public boolean isRunning() { return running; }
    };
  }

  private static InetSocketAddress unusedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return loopback(socket.getLocalPort());
    }
  }
}
