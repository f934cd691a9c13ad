package dev.soulbox.agent.process;

import dev.soulbox.proto.agent.v1.AttachRequest;
import dev.soulbox.proto.agent.v1.AttachResponse;
import dev.soulbox.proto.agent.v1.ProcessControlGrpc;
import dev.soulbox.proto.agent.v1.SignalRequest;
import dev.soulbox.proto.agent.v1.SignalResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** SoulBox's additions to process control: {@code Attach} with replay and {@code Signal} with any signal. */
public final class ProcessControlService extends ProcessControlGrpc.ProcessControlImplBase {
  private final ProcessContext ctx;

  public ProcessControlService(ProcessContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void attach(AttachRequest request, StreamObserver<AttachResponse> out) {
    ManagedProcess process = ctx.registry().find(request.getProcess());
    ProcessEventSource.stream(process, process.output().subscribe(request.getOffset()),
        (ServerCallStreamObserver<AttachResponse>) out,
        (event, offset) -> AttachResponse.newBuilder().setEvent(event).setOffset(offset).build(), ctx.scheduler());
  }

  @Override
  public void signal(SignalRequest request, StreamObserver<SignalResponse> out) {
    ManagedProcess process = ctx.registry().find(request.getProcess());
    int signal = Signals.parse(request.getSignal());
    if (request.getProcessGroup()) {
      process.signalGroup(signal);
    } else {
      process.signal(signal);
    }
    out.onNext(SignalResponse.getDefaultInstance());
    out.onCompleted();
  }
}
