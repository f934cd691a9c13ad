package dev.soulbox.agent.process;

import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.grpc.StatusMapping;
import dev.soulbox.proto.process.StreamInputRequest;
import dev.soulbox.proto.process.StreamInputResponse;
import io.grpc.stub.StreamObserver;

/** One StreamInput call: a start event picks the process, then each data event is written in order. */
final class StreamInputCall implements StreamObserver<StreamInputRequest> {
  private final ProcessRegistry registry;
  private final StreamObserver<StreamInputResponse> out;
  private ManagedProcess target;
  private boolean failed;

  StreamInputCall(ProcessRegistry registry, StreamObserver<StreamInputResponse> out) {
    this.registry = registry;
    this.out = out;
  }

  @Override
  public void onNext(StreamInputRequest request) {
    if (failed) {
      return;
    }
    try {
      switch (request.getEventCase()) {
        case START -> {
          if (target != null) {
            throw new InvalidArgumentException("start event sent twice; send it once, first");
          }
          target = registry.find(request.getStart().getProcess());
        }
        case DATA -> {
          if (target == null) {
            throw new InvalidArgumentException("the first event must be start, selecting the process");
          }
          ProcessInputs.write(target, request.getData().getInput());
        }
        case KEEPALIVE -> { }
        default -> throw new InvalidArgumentException("event is empty; send start, data or keepalive");
      }
    } catch (RuntimeException e) {
      failed = true;
      out.onError(StatusMapping.toException(e));
    }
  }

  @Override
  public void onError(Throwable t) {
    // the client went away; input already written stays written
  }

  @Override
  public void onCompleted() {
    if (failed) {
      return;
    }
    out.onNext(StreamInputResponse.getDefaultInstance());
    out.onCompleted();
  }
}
