package dev.soulbox.orchestrator.proxy;

import static dev.soulbox.orchestrator.proxy.ProxyHarness.SANDBOX;
import static dev.soulbox.orchestrator.proxy.ProxyHarness.TOKEN;
import static dev.soulbox.orchestrator.proxy.ProxyHarness.loopback;
import static dev.soulbox.orchestrator.proxy.ProxyHarness.toSandbox;
import static dev.soulbox.orchestrator.proxy.ProxyHarness.withHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.soulbox.orchestrator.runtime.SandboxState;
import dev.soulbox.proto.process.ListRequest;
import dev.soulbox.proto.process.ProcessGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which agent a call reaches, and what the client hears when it reaches none. */
class ProxyRoutingTest {
  private static final ListRequest LIST = ListRequest.getDefaultInstance();

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
  void e2bSandboxIdHeader_routesLikeSandboxId() {
    var process = withHeaders(ProcessGrpc.newBlockingStub(harness.channel),
        "e2b-sandbox-id", SANDBOX, "x-access-token", TOKEN);

    assertThat(process.list(LIST).getProcessesList()).isNotNull();
    assertThat(harness.upstream.last("process.Process/List").headers().keys()).doesNotContain("e2b-sandbox-id");
  }

  @Test
  void missingSandboxId_isInvalidArgument() {
    var process = withHeaders(ProcessGrpc.newBlockingStub(harness.channel), "x-access-token", TOKEN);

    assertStatus(() -> process.list(LIST), Status.Code.INVALID_ARGUMENT, "metadata sandbox-id is required for agent calls");
    assertThat(harness.proxiedCalls("process.Process", "INVALID_ARGUMENT")).isEqualTo(1);
  }

  @Test
  void unknownSandbox_isNotFound_namingIt() {
    var process = withHeaders(ProcessGrpc.newBlockingStub(harness.channel), "sandbox-id", "nosuchsandbox0000000");

    assertStatus(() -> process.list(LIST), Status.Code.NOT_FOUND, "nosuchsandbox0000000");
  }

  @Test
  void pausedSandbox_isUnavailable_untilResumed() {
    harness.directory.put(SANDBOX, SandboxState.PAUSED, loopback(harness.agent.port()));
    var process = toSandbox(ProcessGrpc.newBlockingStub(harness.channel));

    assertStatus(() -> process.list(LIST), Status.Code.UNAVAILABLE, "sandbox " + SANDBOX + " is paused; resume it");

    harness.directory.put(SANDBOX, SandboxState.RUNNING, loopback(harness.agent.port()));
    assertThat(process.list(LIST).getProcessesList()).isNotNull();
  }

  @Test
  void unreachableAgent_isUnavailable_namingTheSandbox() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    harness.directory.put("sbxunreachable000001", SandboxState.RUNNING, loopback(closedPort));
    var process = withHeaders(ProcessGrpc.newBlockingStub(harness.channel), "sandbox-id", "sbxunreachable000001");

    assertStatus(() -> process.list(LIST), Status.Code.UNAVAILABLE, "sbxunreachable000001");
    assertThat(harness.proxiedCalls("process.Process", "UNAVAILABLE")).isEqualTo(1);
  }

  @Test
  void wrongOrMissingAccessToken_isTheAgentsUnauthenticated() {
    var wrong = withHeaders(ProcessGrpc.newBlockingStub(harness.channel), "sandbox-id", SANDBOX, "x-access-token", "nope");
    var missing = withHeaders(ProcessGrpc.newBlockingStub(harness.channel), "sandbox-id", SANDBOX);

    assertStatus(() -> wrong.list(LIST), Status.Code.UNAUTHENTICATED, "does not match this sandbox's access token");
    assertStatus(() -> missing.list(LIST), Status.Code.UNAUTHENTICATED, "missing x-access-token");
    assertThat(harness.proxiedCalls("process.Process", "UNAUTHENTICATED")).isEqualTo(2);
  }

  @Test
  void removedSandbox_losesItsChannel_andItsCalls() {
    var process = toSandbox(ProcessGrpc.newBlockingStub(harness.channel));
    var stream = process.start(ProcessOutput.bash("sleep 30"));
    stream.next();
    assertThat(harness.proxy.openChannels()).isEqualTo(1);

    harness.directory.remove(SANDBOX);

    assertStatus(stream::hasNext, Status.Code.UNAVAILABLE, "sandbox " + SANDBOX + " is gone");
    await().atMost(Duration.ofSeconds(5)).until(() -> harness.proxy.activeRelays() == 0);
    assertThat(harness.proxy.openChannels()).isZero();
    assertStatus(() -> process.list(LIST), Status.Code.NOT_FOUND, SANDBOX);
  }

  @Test
  void reflection_listsTheAgentServices_besideTheAdminServices() throws Exception {
    CompletableFuture<ServerReflectionResponse> response = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(harness.channel)
        .serverReflectionInfo(new StreamObserver<>() {
          @Override public void onNext(ServerReflectionResponse r) { response.complete(r); }
          @Override public void onError(Throwable t) { response.completeExceptionally(t); }
          @Override public void onCompleted() {}
        });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    List<String> services = response.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
        .map(ServiceResponse::getName).toList();
    requests.onCompleted();

    assertThat(services).contains("process.Process", "filesystem.Filesystem", "soulbox.agent.v1.Files",
        "soulbox.agent.v1.Agent", "soulbox.agent.v1.ProcessControl",
        "soulbox.orchestrator.v1.SandboxService", "soulbox.orchestrator.v1.TemplateService",
        "grpc.reflection.v1.ServerReflection");
  }

  @Test
  void reflection_describesTheAgentSchemas() throws Exception {
    CompletableFuture<ServerReflectionResponse> response = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(harness.channel)
        .serverReflectionInfo(new StreamObserver<>() {
          @Override public void onNext(ServerReflectionResponse r) { response.complete(r); }
          @Override public void onError(Throwable t) { response.completeExceptionally(t); }
          @Override public void onCompleted() {}
        });
    requests.onNext(ServerReflectionRequest.newBuilder().setFileContainingSymbol("soulbox.agent.v1.Files").build());
    ServerReflectionResponse r = response.get(10, TimeUnit.SECONDS);
    requests.onCompleted();

    assertThat(r.hasErrorResponse()).isFalse();
    assertThat(r.getFileDescriptorResponse().getFileDescriptorProtoCount()).isPositive();
  }

  static void assertStatus(Runnable call, Status.Code code, String messagePart) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).contains(messagePart);
    });
  }
}
