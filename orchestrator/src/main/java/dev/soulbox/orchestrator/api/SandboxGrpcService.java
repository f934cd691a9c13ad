package dev.soulbox.orchestrator.api;

import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.orchestrator.lifecycle.Sandboxes;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxState;
import dev.soulbox.proto.orchestrator.v1.CreateSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.ExposePortRequest;
import dev.soulbox.proto.orchestrator.v1.ExposePortResponse;
import dev.soulbox.proto.orchestrator.v1.GetMetricsRequest;
import dev.soulbox.proto.orchestrator.v1.GetSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.KillSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.KillSandboxResponse;
import dev.soulbox.proto.orchestrator.v1.ListSandboxesRequest;
import dev.soulbox.proto.orchestrator.v1.ListSandboxesResponse;
import dev.soulbox.proto.orchestrator.v1.LogEntry;
import dev.soulbox.proto.orchestrator.v1.PauseSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.ResumeSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.Sandbox;
import dev.soulbox.proto.orchestrator.v1.SandboxMetrics;
import dev.soulbox.proto.orchestrator.v1.SandboxServiceGrpc;
import dev.soulbox.proto.orchestrator.v1.SetTimeoutRequest;
import dev.soulbox.proto.orchestrator.v1.StreamLogsRequest;
import dev.soulbox.proto.orchestrator.v1.UpdateNetworkRequest;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executor;

/** The admin API's sandbox calls, delegated to {@link Sandboxes}. */
public final class SandboxGrpcService extends SandboxServiceGrpc.SandboxServiceImplBase {
  private final Sandboxes sandboxes;
  private final SandboxProtos protos;
  private final PublicUrls urls;
  private final Executor workers;

  /** @param workers runs log streams, which outlive the call that starts them */
  public SandboxGrpcService(Sandboxes sandboxes, PublicUrls urls, Executor workers) {
    this.sandboxes = sandboxes;
    this.protos = new SandboxProtos(urls);
    this.urls = urls;
    this.workers = workers;
  }

  @Override
  public void createSandbox(CreateSandboxRequest request, StreamObserver<Sandbox> out) {
    reply(out, proto(sandboxes.create(SandboxProtos.request(request))));
  }

  @Override
  public void getSandbox(GetSandboxRequest request, StreamObserver<Sandbox> out) {
    reply(out, proto(sandboxes.get(request.getSandboxId())));
  }

  @Override
  public void listSandboxes(ListSandboxesRequest request, StreamObserver<ListSandboxesResponse> out) {
    Set<SandboxState> states = EnumSet.noneOf(SandboxState.class);
    for (var s : request.getStatesList()) {
      SandboxState state = SandboxProtos.state(s);
      if (state == null) {
        throw new InvalidArgumentException("states may hold SANDBOX_STATE_RUNNING and SANDBOX_STATE_PAUSED, not " + s);
      }
      states.add(state);
    }
    ListSandboxesResponse.Builder response = ListSandboxesResponse.newBuilder();
    sandboxes.list(request.getMetadataMap(), states).forEach(s -> response.addSandboxes(proto(s)));
    reply(out, response.build());
  }

  @Override
  public void killSandbox(KillSandboxRequest request, StreamObserver<KillSandboxResponse> out) {
    sandboxes.kill(request.getSandboxId());
    reply(out, KillSandboxResponse.getDefaultInstance());
  }

  @Override
  public void pauseSandbox(PauseSandboxRequest request, StreamObserver<Sandbox> out) {
    reply(out, proto(sandboxes.pause(request.getSandboxId())));
  }

  @Override
  public void resumeSandbox(ResumeSandboxRequest request, StreamObserver<Sandbox> out) {
    reply(out, proto(sandboxes.resume(request.getSandboxId(), Duration.ofSeconds(request.getTimeoutSeconds()))));
  }

  @Override
  public void setTimeout(SetTimeoutRequest request, StreamObserver<Sandbox> out) {
    reply(out, proto(sandboxes.setTimeout(request.getSandboxId(), Duration.ofSeconds(request.getTimeoutSeconds()))));
  }

  @Override
  public void getMetrics(GetMetricsRequest request, StreamObserver<SandboxMetrics> out) {
    reply(out, SandboxProtos.metrics(sandboxes.usage(request.getSandboxId())));
  }

  @Override
  public void streamLogs(StreamLogsRequest request, StreamObserver<LogEntry> out) {
    sandboxes.get(request.getSandboxId()); // fails now for an unknown sandbox, before the stream starts
    new StreamLogsCall(sandboxes, request.getSandboxId(), request.getFollow())
        .begin((ServerCallStreamObserver<LogEntry>) out, workers);
  }

  @Override
  public void updateNetwork(UpdateNetworkRequest request, StreamObserver<Sandbox> out) {
    reply(out, proto(sandboxes.updateNetwork(request.getSandboxId(), SandboxProtos.egress(request.getNetwork()))));
  }

  @Override
  public void exposePort(ExposePortRequest request, StreamObserver<ExposePortResponse> out) {
    int port = request.getPort() < 0 ? -1 : request.getPort(); // uint32 above 2^31 arrives negative
    SandboxInstance s = sandboxes.exposePort(request.getSandboxId(), port);
    reply(out, ExposePortResponse.newBuilder().setUrl(urls.port(s.sandboxId(), port)).build());
  }

  private Sandbox proto(SandboxInstance s) {
    return protos.sandbox(s, sandboxes.vncToken(s));
  }

  private static <T> void reply(StreamObserver<T> out, T response) {
    out.onNext(response);
    out.onCompleted();
  }
}
