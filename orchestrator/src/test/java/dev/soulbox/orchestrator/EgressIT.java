package dev.soulbox.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.soulbox.orchestrator.firewall.SandboxFirewall;
import dev.soulbox.proto.orchestrator.v1.CreateSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.GetSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.KillSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.NetworkPolicy;
import dev.soulbox.proto.orchestrator.v1.Sandbox;
import dev.soulbox.proto.orchestrator.v1.UpdateNetworkRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Egress policies from inside real sandboxes, against test hosts this test makes on this machine:
 * one in a network namespace routed from the host (as the internet is), one a container on a Docker
 * network of its own, and two host names for the first, written to this machine's /etc/hosts while
 * the test runs. No traffic leaves the machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EgressIT {
  private static final String NETNS = "soulbox-it-egress";
  private static final String HOST_SIDE = "sbxeg-h";
  private static final String NETNS_SIDE = "sbxeg-n";
  /** RFC 2544's benchmarking block: no real host has it. */
  private static final String TEST_HOST = "198.18.0.1";
  private static final String ALLOWED_NAME = "allowed.egress.soulbox.test";
  private static final String DENIED_NAME = "denied.egress.soulbox.test";
  private static final Path HOSTS = Path.of("/etc/hosts");
  private static final String HOSTS_MARK = "# soulbox EgressIT";
  private static final String DOCKER_NET = "soulbox-it-egress";
  private static final String DOCKER_HOST = "soulbox-it-egress-host";

  @TempDir
  static Path stateDir;

  private OrchestratorHarness harness;
  private final List<Sandbox> sandboxes = new ArrayList<>();
  private String containerHost;

  @BeforeAll
  void start() throws Exception {
    harness = OrchestratorHarness.start(OrchestratorHarness.dockerOrSkip(), stateDir, 10, Duration.ofSeconds(60));
    removeTestHosts();
    createNetnsHost();
    containerHost = createContainerHost();
  }

  @AfterEach
  void killSandboxes() {
    sandboxes.forEach(s -> {
      try {
        harness.sandboxes.killSandbox(KillSandboxRequest.newBuilder().setSandboxId(s.getSandboxId()).build());
      } catch (StatusRuntimeException e) {
        // killed by the test
      }
    });
    sandboxes.clear();
  }

  @AfterAll
  void stop() {
    removeTestHosts();
    if (harness != null) {
      harness.close();
    }
  }

  private Sandbox create(NetworkPolicy policy) {
    CreateSandboxRequest.Builder request = CreateSandboxRequest.newBuilder().setTemplate("base").setTimeoutSeconds(600);
    if (policy != null) {
      request.setNetwork(policy);
    }
    Sandbox s = harness.sandboxes.createSandbox(request.build());
    sandboxes.add(s);
    return s;
  }

  private static NetworkPolicy closed(String... allowOut) {
    return NetworkPolicy.newBuilder().setAllowInternetAccess(false).addAllAllowOut(List.of(allowOut)).build();
  }

  private static String probe(Sandbox from, String host, int port) {
    return OrchestratorHarness.run(from, "bash", "-c", "timeout 3 bash -c 'exec 3<>/dev/tcp/" + host + "/" + port
        + "' 2>/dev/null && echo open || echo closed").strip();
  }

  /** The HTTP status a request for {@code name} gets from inside the sandbox, sent to the test host. */
  private static String httpStatus(Sandbox from, String name) {
    return OrchestratorHarness.run(from, "bash", "-c", "curl -s -m 5 -o /dev/null -w '%{http_code}' --resolve " + name
        + ":80:" + TEST_HOST + " http://" + name + "/ || true").strip();
  }

  /** The HTTP status of an HTTPS request for {@code name} sent to the test host; 000 when the TLS connection closed. */
  private static String httpsStatus(Sandbox from, String name) {
    return OrchestratorHarness.run(from, "bash", "-c", "curl -sk -m 5 -o /dev/null -w '%{http_code}' --resolve " + name
        + ":443:" + TEST_HOST + " https://" + name + "/ || true").strip();
  }

  @Test
  void noPolicy_reachesTheInternet_andNoInternet_reachesNothing() {
    Sandbox open = create(null);
    Sandbox shut = create(closed());

    assertThat(probe(open, TEST_HOST, 8000)).isEqualTo("open");
    assertThat(probe(shut, TEST_HOST, 8000)).isEqualTo("closed");
    assertThat(harness.sandboxes.getSandbox(GetSandboxRequest.newBuilder().setSandboxId(shut.getSandboxId()).build())
        .getNetwork().getAllowInternetAccess()).isFalse();
  }

  @Test
  void allowOut_opensAnAddress_evenOnAnotherDockerNetwork() {
    Sandbox netns = create(closed(TEST_HOST));
    Sandbox container = create(closed(containerHost + "/32"));
    Sandbox without = create(null);

    assertThat(probe(netns, TEST_HOST, 8000)).isEqualTo("open");
    assertThat(probe(netns, containerHost, 8000)).isEqualTo("closed");
    assertThat(probe(container, containerHost, 8000)).isEqualTo("open");
    assertThat(probe(without, containerHost, 8000)).isEqualTo("closed"); // Docker keeps networks apart
  }

  @Test
  void denyOut_winsOverAllowOut_forAnAddress() {
    Sandbox s = create(NetworkPolicy.newBuilder().addDenyOut("198.18.0.0/30").addAllowOut(TEST_HOST).build());

    assertThat(probe(s, TEST_HOST, 8000)).isEqualTo("closed");
  }

  @Test
  void updateNetwork_changesARunningSandbox() {
    Sandbox s = create(null);
    assertThat(probe(s, TEST_HOST, 8000)).isEqualTo("open");

    Sandbox updated = harness.sandboxes.updateNetwork(UpdateNetworkRequest.newBuilder().setSandboxId(s.getSandboxId())
        .setNetwork(closed()).build());

    assertThat(updated.getNetwork().getAllowInternetAccess()).isFalse();
    assertThat(probe(s, TEST_HOST, 8000)).isEqualTo("closed");

    harness.sandboxes.updateNetwork(UpdateNetworkRequest.newBuilder().setSandboxId(s.getSandboxId())
        .setNetwork(NetworkPolicy.getDefaultInstance()).build());
    assertThat(probe(s, TEST_HOST, 8000)).isEqualTo("open");
  }

  @Test
  void domainRules_letThroughTheNamesAllowed_andRefuseTheRest() {
    Sandbox s = create(closed(ALLOWED_NAME));
    Sandbox denying = create(NetworkPolicy.newBuilder().addDenyOut(DENIED_NAME).build());

    assertThat(httpStatus(s, ALLOWED_NAME)).isEqualTo("200");
    assertThat(httpStatus(s, DENIED_NAME)).isEqualTo("403");
    assertThat(httpsStatus(s, ALLOWED_NAME)).isEqualTo("200"); // by the TLS server name
    assertThat(httpsStatus(s, DENIED_NAME)).isEqualTo("000");
    assertThat(probe(s, TEST_HOST, 8000)).isEqualTo("closed"); // names decide HTTP and TLS only
    assertThat(httpStatus(denying, DENIED_NAME)).isEqualTo("403");
    assertThat(httpStatus(denying, ALLOWED_NAME)).isEqualTo("200");
  }

  @Test
  void aPolicy_survivesARestartOfTheOrchestrator() throws Exception {
    Sandbox s = create(null);
    harness.sandboxes.updateNetwork(UpdateNetworkRequest.newBuilder().setSandboxId(s.getSandboxId())
        .setNetwork(closed()).build());
    Sandbox other = create(closed(TEST_HOST));
    // what a reboot or firewall reload does to SoulBox's chains
    sh("iptables", "-F", SandboxFirewall.sandboxChain(s.getSandboxId()));

    harness.restart();

    assertThat(harness.sandboxes.getSandbox(GetSandboxRequest.newBuilder().setSandboxId(s.getSandboxId()).build())
        .getNetwork().getAllowInternetAccess()).isFalse();
    assertThat(probe(s, TEST_HOST, 8000)).isEqualTo("closed");
    assertThat(probe(other, TEST_HOST, 8000)).isEqualTo("open");
  }

  @Test
  void badEntries_areInvalidArgument_andCreateNothing() {
    int before = harness.containers().size();

    assertThatThrownBy(() -> create(closed("10.0.0.0/33")))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("'10.0.0.0/33'");
        });
    assertThatThrownBy(() -> create(NetworkPolicy.newBuilder().addDenyOut("not a domain").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThat(harness.containers()).hasSize(before);

    Sandbox s = create(closed());
    assertThatThrownBy(() -> harness.sandboxes.updateNetwork(UpdateNetworkRequest.newBuilder()
        .setSandboxId(s.getSandboxId()).setNetwork(closed("*.")).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThat(probe(s, TEST_HOST, 8000)).isEqualTo("closed"); // the old policy stands
    assertThatThrownBy(() -> harness.sandboxes.updateNetwork(UpdateNetworkRequest.newBuilder()
        .setSandboxId("nosuchsandbox0000000").setNetwork(closed()).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void aKilledSandbox_leavesNoRulesBehind() throws Exception {
    Sandbox s = create(closed(ALLOWED_NAME));
    String chain = SandboxFirewall.sandboxChain(s.getSandboxId());
    assertThat(sh("iptables", "-S")).contains("-N " + chain);

    harness.sandboxes.killSandbox(KillSandboxRequest.newBuilder().setSandboxId(s.getSandboxId()).build());

    assertThat(sh("iptables", "-S")).doesNotContain(chain);
    assertThat(sh("iptables", "-t", "nat", "-S")).doesNotContain(chain);
  }

  private void createNetnsHost() throws Exception {
    sh("ip", "netns", "add", NETNS);
    sh("ip", "link", "add", HOST_SIDE, "type", "veth", "peer", "name", NETNS_SIDE);
    sh("ip", "link", "set", NETNS_SIDE, "netns", NETNS);
    sh("ip", "addr", "add", "198.18.0.2/30", "dev", HOST_SIDE);
    sh("ip", "link", "set", HOST_SIDE, "up");
    sh("ip", "netns", "exec", NETNS, "ip", "addr", "add", TEST_HOST + "/30", "dev", NETNS_SIDE);
    sh("ip", "netns", "exec", NETNS, "ip", "link", "set", NETNS_SIDE, "up");
    sh("ip", "netns", "exec", NETNS, "ip", "link", "set", "lo", "up");
    sh("ip", "netns", "exec", NETNS, "ip", "route", "add", "default", "via", "198.18.0.2");
    for (int port : new int[] {80, 8000}) {
      new ProcessBuilder("ip", "netns", "exec", NETNS, "python3", "-m", "http.server", String.valueOf(port),
          "--bind", TEST_HOST).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
    Path tls = Files.createTempDirectory("soulbox-egress-tls");
    sh("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=" + ALLOWED_NAME,
        "-keyout", tls.resolve("key.pem").toString(), "-out", tls.resolve("cert.pem").toString());
    new ProcessBuilder("ip", "netns", "exec", NETNS, "python3", "-c", "import http.server, ssl\n"
        + "s = http.server.HTTPServer(('" + TEST_HOST + "', 443), http.server.SimpleHTTPRequestHandler)\n"
        + "c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\n"
        + "c.load_cert_chain('" + tls.resolve("cert.pem") + "', '" + tls.resolve("key.pem") + "')\n"
        + "s.socket = c.wrap_socket(s.socket, server_side=True)\n"
        + "s.serve_forever()\n")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String hosts = Files.readString(HOSTS);
    Files.writeString(HOSTS, hosts + (hosts.endsWith("\n") ? "" : "\n")
        + TEST_HOST + " " + ALLOWED_NAME + " " + DENIED_NAME + " " + HOSTS_MARK + "\n");
    awaitListening(new InetSocketAddress(TEST_HOST, 80));
    awaitListening(new InetSocketAddress(TEST_HOST, 8000));
    awaitListening(new InetSocketAddress(TEST_HOST, 443));
  }

  /** A web server in a container on a Docker network of its own; returns its address. */
  private static String createContainerHost() throws Exception {
    sh("docker", "network", "create", "--label", "dev.soulbox.test=egress", DOCKER_NET);
    sh("docker", "run", "-d", "--name", DOCKER_HOST, "--network", DOCKER_NET, "--entrypoint", "python3",
        "soulbox/base:latest", "-m", "http.server", "8000");
    String ip = sh("docker", "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", DOCKER_HOST)
        .strip();
    awaitListening(new InetSocketAddress(ip, 8000));
    return ip;
  }

  private static void removeTestHosts() {
    try {
      sh("bash", "-c", "ip netns pids " + NETNS + " 2>/dev/null | xargs -r kill; ip netns del " + NETNS
          + " 2>/dev/null; ip link del " + HOST_SIDE + " 2>/dev/null; docker rm -f " + DOCKER_HOST
          + " >/dev/null 2>&1; docker network rm " + DOCKER_NET + " >/dev/null 2>&1; true");
      List<String> kept = Files.readAllLines(HOSTS).stream().filter(l -> !l.endsWith(HOSTS_MARK)).toList();
      Files.writeString(HOSTS, String.join("\n", kept) + "\n");
    } catch (Exception e) {
      // nothing to remove
    }
  }

  private static void awaitListening(InetSocketAddress address) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
      try (Socket s = new Socket()) {
        s.connect(address, 500);
        return true;
      } catch (IOException e) {
        return false;
      }
    });
  }

  private static String sh(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", argv) + " failed: " + out);
    }
    return out;
  }
}
