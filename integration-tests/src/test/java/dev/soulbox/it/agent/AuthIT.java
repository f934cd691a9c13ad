package dev.soulbox.it.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.soulbox.proto.agent.v1.AgentGrpc;
import dev.soulbox.proto.agent.v1.InfoRequest;
import dev.soulbox.proto.process.ListRequest;
import dev.soulbox.proto.process.ProcessGrpc;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The access token guards every call but health. */
class AuthIT {
  private static AgentProcess agent;

  @BeforeAll
  static void startAgent() {
    agent = AgentProcess.start();
  }

  @AfterAll
  static void stopAgent() {
    agent.close();
  }

  @Test
  void wrongToken_isUnauthenticated() {
    Metadata wrong = new Metadata();
    wrong.put(Metadata.Key.of("x-access-token", Metadata.ASCII_STRING_MARSHALLER), "not-the-token");
    ProcessGrpc.ProcessBlockingStub stub = ProcessGrpc.newBlockingStub(agent.rawChannel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(wrong));

    assertThatThrownBy(() -> stub.list(ListRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).contains("does not match");
        });
  }

  @Test
  void missingToken_isUnauthenticated() {
    assertThatThrownBy(() -> AgentGrpc.newBlockingStub(agent.rawChannel()).info(InfoRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).contains("missing x-access-token");
        });
  }

  @Test
  void health_needsNoToken_andTheRightTokenOpensEverything() {
    assertThat(HealthGrpc.newBlockingStub(agent.rawChannel()).check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(agent.authorized(AgentGrpc.newBlockingStub(agent.rawChannel())).info(InfoRequest.getDefaultInstance())
        .getCapabilitiesList()).contains("process.attach", "files.upload");
  }
}
