package dev.soulbox.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.soulbox.proto.orchestrator.v1.ListTemplatesRequest;
import dev.soulbox.proto.orchestrator.v1.TemplateServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiKeyInterceptorTest {
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus("", ServingStatus.SERVING);
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(new TemplateServiceGrpc.TemplateServiceImplBase() {}) // admin: answers UNIMPLEMENTED once let in
        .addService(health.getHealthService())
        .intercept(new ApiKeyInterceptor("s3cret", "see the key file"))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  private Status.Code listTemplates(String key) {
    TemplateServiceGrpc.TemplateServiceBlockingStub stub = TemplateServiceGrpc.newBlockingStub(channel);
    if (key != null) {
      Metadata headers = new Metadata();
      headers.put(ApiKeyInterceptor.API_KEY, key);
      stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    try {
      stub.listTemplates(ListTemplatesRequest.getDefaultInstance());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  void adminCall_withTheKey_passes() {
    assertThat(listTemplates("s3cret")).isEqualTo(Status.Code.UNIMPLEMENTED);
  }

  @Test
  void adminCall_withoutOrWithAWrongKey_isUnauthenticated() {
    assertThat(listTemplates(null)).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(listTemplates("")).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(listTemplates("s3cret ")).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(listTemplates("s3cre")).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void adminCall_withoutKey_saysHowToPassIt() {
    assertThatThrownBy(() -> TemplateServiceGrpc.newBlockingStub(channel).listTemplates(ListTemplatesRequest.getDefaultInstance()))
        .hasMessage("UNAUTHENTICATED: missing x-api-key metadata: pass the orchestrator's API key as gRPC metadata"
            + " x-api-key (see the key file)");
  }

  @Test
  void health_needsNoKey() {
    assertThat(HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(ServingStatus.SERVING);
  }
}
