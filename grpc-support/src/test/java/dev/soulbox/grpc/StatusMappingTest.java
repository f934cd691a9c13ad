package dev.soulbox.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StatusMappingTest {
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void close() {
    if (channel != null) {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }

  static Object[][] failures() {
    return new Object[][] {
        {new NotFoundException("no process with pid 7"), Status.Code.NOT_FOUND},
        {new InvalidArgumentException("cwd /x does not exist"), Status.Code.INVALID_ARGUMENT},
        {new AlreadyExistsException("tag in use"), Status.Code.ALREADY_EXISTS},
        {new FailedPreconditionException("paused"), Status.Code.FAILED_PRECONDITION},
        {new ResourceExhaustedException("disk full"), Status.Code.RESOURCE_EXHAUSTED},
        {new PermissionDeniedException("not yours"), Status.Code.PERMISSION_DENIED},
        {new UnauthenticatedException("who?"), Status.Code.UNAUTHENTICATED},
        {new UnimplementedException("no"), Status.Code.UNIMPLEMENTED},
        {new OutOfRangeException("past the end"), Status.Code.OUT_OF_RANGE},
        {new DataLossException("checksum"), Status.Code.DATA_LOSS},
        {new UnavailableException("engine down"), Status.Code.UNAVAILABLE},
        {new NoSuchFileException("/gone"), Status.Code.NOT_FOUND},
    };
  }

  @ParameterizedTest
  @MethodSource("failures")
  void expectedFailures_keepTheirMessage(Exception failure, Status.Code code) {
    Status status = StatusMapping.toStatus(failure);

    assertThat(status.getCode()).isEqualTo(code);
    assertThat(status.getDescription()).isEqualTo(failure.getMessage());
  }

  @Test
  void unexpectedFailures_areInternal_withAReferenceAndNoDetail() {
    Status status = StatusMapping.toStatus(new IllegalStateException("secret detail"));

    assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(status.getDescription()).matches("internal error \\(ref [0-9a-f]{8}\\)");
  }

  @Test
  void interceptor_turnsAThrownFailureIntoItsStatus() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(new HealthGrpc.HealthImplBase() {
          @Override
          public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> out) {
            throw new NotFoundException("service " + request.getService() + " is unknown");
          }
        })
        .intercept(new StatusMappingInterceptor())
        .build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();

    assertThatThrownBy(() -> HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.newBuilder().setService("x").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).isEqualTo("service x is unknown");
        });
  }
}
