package dev.soulbox.agent.process;

import dev.soulbox.agent.pty.PtySize;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.proto.process.CloseStdinRequest;
import dev.soulbox.proto.process.CloseStdinResponse;
import dev.soulbox.proto.process.ConnectRequest;
import dev.soulbox.proto.process.ConnectResponse;
import dev.soulbox.proto.process.ListRequest;
import dev.soulbox.proto.process.ListResponse;
import dev.soulbox.proto.process.ProcessGrpc;
import dev.soulbox.proto.process.SendInputRequest;
import dev.soulbox.proto.process.SendInputResponse;
import dev.soulbox.proto.process.SendSignalRequest;
import dev.soulbox.proto.process.SendSignalResponse;
import dev.soulbox.proto.process.StartRequest;
import dev.soulbox.proto.process.StartResponse;
import dev.soulbox.proto.process.StreamInputRequest;
import dev.soulbox.proto.process.StreamInputResponse;
import dev.soulbox.proto.process.UpdateRequest;
import dev.soulbox.proto.process.UpdateResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** envd's {@code process.Process} service. */
public final class ProcessService extends ProcessGrpc.ProcessImplBase {
  private final ProcessContext ctx;

  public ProcessService(ProcessContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void list(ListRequest request, StreamObserver<ListResponse> out) {
    ListResponse.Builder response = ListResponse.newBuilder();
    ctx.registry().running().forEach(p -> response.addProcesses(p.info()));
    out.onNext(response.build());
    out.onCompleted();
  }

  @Override
  public void start(StartRequest request, StreamObserver<StartResponse> out) {
    new StartCall(ctx, request, (ServerCallStreamObserver<StartResponse>) out).begin();
  }

  @Override
  public void connect(ConnectRequest request, StreamObserver<ConnectResponse> out) {
    ManagedProcess process = ctx.registry().find(request.getProcess());
    ProcessEventSource.stream(process, process.output().subscribeLive(), (ServerCallStreamObserver<ConnectResponse>) out,
        (event, offset) -> ConnectResponse.newBuilder().setEvent(event).build(), ctx.scheduler());
  }

  @Override
  public void update(UpdateRequest request, StreamObserver<UpdateResponse> out) {
    ManagedProcess process = ctx.registry().find(request.getProcess());
    if (!request.hasPty() || !request.getPty().hasSize()) {
      throw new InvalidArgumentException("pty.size is missing; Update resizes a PTY to pty.size");
    }
    process.resize(new PtySize(request.getPty().getSize().getCols(), request.getPty().getSize().getRows()));
    out.onNext(UpdateResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public StreamObserver<StreamInputRequest> streamInput(StreamObserver<StreamInputResponse> out) {
    return new StreamInputCall(ctx.registry(), out);
  }

  @Override
  public void sendInput(SendInputRequest request, StreamObserver<SendInputResponse> out) {
    ProcessInputs.write(ctx.registry().find(request.getProcess()), request.getInput());
    out.onNext(SendInputResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void sendSignal(SendSignalRequest request, StreamObserver<SendSignalResponse> out) {
    ManagedProcess process = ctx.registry().find(request.getProcess());
    process.signal(Signals.fromProto(request.getSignal()));
    out.onNext(SendSignalResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void closeStdin(CloseStdinRequest request, StreamObserver<CloseStdinResponse> out) {
    ctx.registry().find(request.getProcess()).closeStdin();
    out.onNext(CloseStdinResponse.getDefaultInstance());
    out.onCompleted();
  }
}
