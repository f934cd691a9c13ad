package dev.soulbox.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.soulbox.orchestrator.firewall.SandboxFirewall;
import dev.soulbox.proto.orchestrator.v1.CreateSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.KillSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.Sandbox;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * From inside real sandboxes: what they must not reach (another sandbox, the host, link-local
 * addresses) is out of reach, and what proves the probe works (the same server reached from
 * where it is allowed) is in reach. Every target is on this machine: servers this test starts,
 * and a link-local test host in a network namespace it creates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IsolationIT {
  private static final String NETNS = "soulbox-it-linklocal";
  private static final String HOST_SIDE = "sbxit-h";
  private static final String NETNS_SIDE = "sbxit-n";
  /** A link-local address no cloud uses, given to the test host. */
  private static final String LINK_LOCAL_HOST = "169.254.77.1";

  @TempDir
  static Path stateDir;

  private OrchestratorHarness harness;
  private final List<Sandbox> sandboxes = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    harness = OrchestratorHarness.start(OrchestratorHarness.dockerOrSkip(), stateDir, 10, Duration.ofSeconds(60));
  }

  @AfterAll
  void stop() {
    removeLinkLocalHost();
    if (harness != null) {
      sandboxes.forEach(s -> harness.sandboxes.killSandbox(
          KillSandboxRequest.newBuilder().setSandboxId(s.getSandboxId()).build()));
      harness.close();
    }
  }

  private Sandbox create(String template) {
    Sandbox s = harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder().setTemplate(template)
        .setVnc(template.equals("desktop")).setTimeoutSeconds(600).build());
    sandboxes.add(s);
    return s;
  }

  /** "open" when {@code from} can open a TCP connection to host:port within 3 s, else "closed". */
  private static String probe(Sandbox from, String host, int port) {
    return OrchestratorHarness.run(from, "bash", "-c", "timeout 3 bash -c 'exec 3<>/dev/tcp/" + host + "/" + port
        + "' 2>/dev/null && echo open || echo closed").strip();
  }

  private static String address(Sandbox s) {
    return OrchestratorHarness.run(s, "bash", "-c", "hostname -I").strip().split("\\s+")[0];
  }

  private static String gateway(Sandbox s) {
    // the default route's gateway, from /proc (the base image has no ip command)
    String route = OrchestratorHarness.run(s, "bash", "-c",
        "awk '$2 == \"00000000\" { print $3 }' /proc/net/route").strip();
    long hex = Long.parseLong(route, 16);
    return (hex & 0xff) + "." + ((hex >> 8) & 0xff) + "." + ((hex >> 16) & 0xff) + "." + ((hex >> 24) & 0xff);
  }

  @Test
  void aSandbox_cannotReachAnotherSandbox_onItsAgentVncOrWebPorts() {
    Sandbox a = create("base");
    Sandbox b = create("desktop");
    OrchestratorHarness.run(b, "bash", "-c", "nohup python3 -m http.server 8000 >/dev/null 2>&1 & sleep 1");
    String bIp = address(b);

    // the ports are open: B reaches its own servers by the address A would use
    assertThat(probe(b, bIp, 49983)).isEqualTo("open");
    assertThat(probe(b, bIp, 8000)).isEqualTo("open");
    await(() -> probe(b, bIp, 5910).equals("open"));

    assertThat(probe(a, bIp, 49983)).isEqualTo("closed");
    assertThat(probe(a, bIp, 5910)).isEqualTo("closed");
    assertThat(probe(a, bIp, 8000)).isEqualTo("closed");
  }

  @Test
  void aSandbox_cannotReachTheHost_throughTheBridgeGateway() throws Exception {
    Sandbox a = create("base");
    String gateway = gateway(a);
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
      int port = server.getLocalPort();
      // the host itself reaches the server on the gateway's address
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(gateway, port), 2000);
      }

      assertThat(probe(a, gateway, port)).isEqualTo("closed");
      assertThat(probe(a, gateway, harness.httpPort)).isEqualTo("closed");
    }
  }

  @Test
  void aSandbox_cannotReachLinkLocalAddresses_andTheRuleSaysSo() throws Exception {
    Sandbox a = create("base");
    int port = 8000;
    createLinkLocalHost(port);
    // the test host answers this machine
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(LINK_LOCAL_HOST, port), 2000);
    }

    assertThat(probe(a, LINK_LOCAL_HOST, port)).isEqualTo("closed");
    assertThat(sh("iptables", "-S", SandboxFirewall.FORWARD_CHAIN)).contains("-d 169.254.0.0/16 -j REJECT");
    assertThat(sh("iptables", "-S", "DOCKER-USER")).contains("-i soulbox0 -j " + SandboxFirewall.FORWARD_CHAIN);
  }

  @Test
  void rulesUndone_areRepairedWhenTheOrchestratorStarts() throws Exception {
    create("base");
    sh("iptables", "-D", "DOCKER-USER", "-i", "soulbox0", "-j", SandboxFirewall.FORWARD_CHAIN);
    sh("iptables", "-D", "INPUT", "-i", "soulbox0", "-j", SandboxFirewall.INPUT_CHAIN);
    assertThat(sh("iptables", "-S", "INPUT")).doesNotContain(SandboxFirewall.INPUT_CHAIN);

    harness.restart();

    assertThat(sh("iptables", "-S", "INPUT")).contains("-i soulbox0 -j " + SandboxFirewall.INPUT_CHAIN);
    assertThat(sh("iptables", "-S", "DOCKER-USER")).contains("-i soulbox0 -j " + SandboxFirewall.FORWARD_CHAIN);
    Sandbox a = create("base");
    assertThat(probe(a, gateway(a), harness.httpPort)).isEqualTo("closed");
  }

  private void createLinkLocalHost(int port) throws Exception {
    removeLinkLocalHost();
    sh("ip", "netns", "add", NETNS);
    sh("ip", "link", "add", HOST_SIDE, "type", "veth", "peer", "name", NETNS_SIDE);
    sh("ip", "link", "set", NETNS_SIDE, "netns", NETNS);
    sh("ip", "addr", "add", "169.254.77.2/30", "dev", HOST_SIDE);
    sh("ip", "link", "set", HOST_SIDE, "up");
    sh("ip", "netns", "exec", NETNS, "ip", "addr", "add", LINK_LOCAL_HOST + "/30", "dev", NETNS_SIDE);
    sh("ip", "netns", "exec", NETNS, "ip", "link", "set", NETNS_SIDE, "up");
    sh("ip", "netns", "exec", NETNS, "ip", "link", "set", "lo", "up");
    // the route back to the sandboxes' network goes through this machine
    sh("ip", "netns", "exec", NETNS, "ip", "route", "add", "default", "via", "169.254.77.2");
    new ProcessBuilder("ip", "netns", "exec", NETNS, "python3", "-m", "http.server", String.valueOf(port),
        "--bind", LINK_LOCAL_HOST).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    await(() -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(LINK_LOCAL_HOST, port), 500);
        return true;
      } catch (IOException e) {
        return false;
      }
    });
  }

  private static void removeLinkLocalHost() {
    try {
      sh("bash", "-c", "ip netns pids " + NETNS + " 2>/dev/null | xargs -r kill; ip netns del " + NETNS
          + " 2>/dev/null; ip link del " + HOST_SIDE + " 2>/dev/null; true");
    } catch (Exception e) {
      // nothing to remove
    }
  }

  private static String sh(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", argv) + " failed: " + out);
    }
    return out;
  }

  private static void await(java.util.concurrent.Callable<Boolean> condition) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(condition);
  }
}
