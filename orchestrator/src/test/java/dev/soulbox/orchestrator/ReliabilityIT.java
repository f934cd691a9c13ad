package dev.soulbox.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.soulbox.proto.agent.v1.AgentGrpc;
import dev.soulbox.proto.agent.v1.InfoRequest;
import dev.soulbox.proto.orchestrator.v1.CreateSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.ExposePortRequest;
import dev.soulbox.proto.orchestrator.v1.KillSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.Sandbox;
import dev.soulbox.proto.process.ConnectRequest;
import dev.soulbox.proto.process.ProcessConfig;
import dev.soulbox.proto.process.ProcessGrpc;
import dev.soulbox.proto.process.ProcessSelector;
import dev.soulbox.proto.process.StartRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole orchestrator on the real engine, used the way clients use it: agent calls through the
 * gRPC proxy, sandbox ports and VNC through the HTTP gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReliabilityIT {
  private static final Logger log = LoggerFactory.getLogger(ReliabilityIT.class);

  @TempDir
  static Path stateDir;

  private OrchestratorHarness harness;

  @BeforeAll
  void start() throws Exception {
    harness = OrchestratorHarness.start(OrchestratorHarness.dockerOrSkip(), stateDir, 10, Duration.ofSeconds(60));
  }

  @AfterAll
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private Sandbox create(String template, boolean vnc) {
    return harness.sandboxes.createSandbox(CreateSandboxRequest.newBuilder().setTemplate(template).setVnc(vnc)
        .setTimeoutSeconds(600).build());
  }

  private void kill(Sandbox s) {
    harness.sandboxes.killSandbox(KillSandboxRequest.newBuilder().setSandboxId(s.getSandboxId()).build());
  }

  @Test
  void agentKilledHard_isBackAndAnsweringThroughTheProxy() throws Exception {
    Sandbox s = create("base", false);
    try {
      assertThat(harness.runViaProxy(s, "whoami")).isEqualTo("user\n");
      var agent = AgentGrpc.newBlockingStub(harness.channel()).withInterceptors(OrchestratorHarness.viaProxy(s, s.getEnvdAccessToken()));
      String before = agent.info(InfoRequest.getDefaultInstance()).getStartedAt().toString();

      long killedAt = System.nanoTime();
      exec(s, "pkill", "-9", "-f", "soulbox-envd-agent");
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
          .until(() -> !agent.withDeadlineAfter(1, TimeUnit.SECONDS).info(InfoRequest.getDefaultInstance())
              .getStartedAt().toString().equals(before));
      log.info("agent of {} answered again {} ms after kill -9", s.getSandboxId(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));

      assertThat(harness.runViaProxy(s, "whoami")).isEqualTo("user\n");
    } finally {
      kill(s);
    }
  }

  @Test
  void afterARestart_everySandboxIsListedAndReachableThroughTheProxy() throws Exception {
    Sandbox a = create("base", false);
    Sandbox b = create("base", false);
    try {
      harness.restart();

      assertThat(harness.runViaProxy(a, "hostname")).isNotEmpty();
      assertThat(harness.runViaProxy(b, "echo", "b")).isEqualTo("b\n");
    } finally {
      kill(a);
      kill(b);
    }
  }

  @Test
  void oneSandboxsTokenNeverOpensAnother() {
    Sandbox a = create("base", false);
    Sandbox b = create("base", false);
    try {
      var bWithAsToken = ProcessGrpc.newBlockingStub(harness.channel())
          .withInterceptors(OrchestratorHarness.viaProxy(b, a.getEnvdAccessToken()));

      assertThatThrownBy(() -> bWithAsToken.list(dev.soulbox.proto.process.ListRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
      assertThat(harness.runViaProxy(b, "echo", "own-token-works")).isEqualTo("own-token-works\n");
    } finally {
      kill(a);
      kill(b);
    }
  }

  @Test
  void aWebServerInTheSandbox_isReachedThroughItsPortUrl() throws Exception {
    Sandbox s = create("base", false);
    try {
      var process = ProcessGrpc.newBlockingStub(harness.channel()).withInterceptors(OrchestratorHarness.viaProxy(s, s.getEnvdAccessToken()));
      process.start(StartRequest.newBuilder().setTag("web").setProcess(ProcessConfig.newBuilder().setCmd("/bin/bash")
          .addArgs("-c").addArgs("echo hello-from-the-sandbox > index.html; exec python3 -m http.server 8000")).build()).next();
      String url = harness.sandboxes.exposePort(ExposePortRequest.newBuilder().setSandboxId(s.getSandboxId()).setPort(8000).build())
          .getUrl();
      assertThat(url).isEqualTo("http://8000-" + s.getSandboxId() + ".localhost:" + harness.httpPort + "/");

      // browsers resolve *.localhost to loopback; here the request goes to 127.0.0.1 with the same Host header
      String host = "8000-" + s.getSandboxId() + ".localhost:" + harness.httpPort;
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
        String response = get(harness.httpPort, host, "/index.html");
        assertThat(response).startsWith("HTTP/1.0 200").endsWith("\r\n\r\nhello-from-the-sandbox\n");
      });
    } finally {
      kill(s);
    }
  }

  @Test
  void theDesktop_isReachedThroughWebsockifyWithItsToken() throws Exception {
    Sandbox s = create("desktop", true);
    try {
      assertThat(s.getVnc().getWebsocketUrl()).startsWith("ws://localhost:" + harness.httpPort + "/websockify?token=");
      CompletableFuture<String> greeting = new CompletableFuture<>();
      URI ws = URI.create(s.getVnc().getWebsocketUrl().replace("ws://localhost", "ws://127.0.0.1"));
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("binary")
            .buildAsync(ws, new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                greeting.complete(StandardCharsets.US_ASCII.decode(data).toString());
                return null;
              }
            }).get(10, TimeUnit.SECONDS);
        assertThat(greeting.get(10, TimeUnit.SECONDS)).startsWith("RFB 003.");
        socket.abort();
      });
    } finally {
      kill(s);
    }
  }

  @Test
  void aKilledSandbox_isGoneForTheProxy() {
    Sandbox s = create("base", false);
    kill(s);

    assertThatThrownBy(() -> ProcessGrpc.newBlockingStub(harness.channel())
        .withInterceptors(OrchestratorHarness.viaProxy(s, s.getEnvdAccessToken()))
        .connect(ConnectRequest.newBuilder().setProcess(ProcessSelector.newBuilder().setPid(1)).build()).next())
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).contains(s.getSandboxId());
        });
  }

  /** A plain HTTP/1.0 GET on 127.0.0.1:port with the given Host header; the whole response. */
  private static String get(int port, String host, String path) throws java.io.IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Runs a command in the container as root with docker exec, waiting for it to finish. */
  private void exec(Sandbox s, String... command) throws InterruptedException {
    ExecCreateCmdResponse exec = harness.docker.execCreateCmd("soulbox-" + s.getSandboxId()).withUser("root")
        .withAttachStdout(true).withAttachStderr(true).withCmd(command).exec();
    harness.docker.execStartCmd(exec.getId()).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion(10, TimeUnit.SECONDS);
  }
}
