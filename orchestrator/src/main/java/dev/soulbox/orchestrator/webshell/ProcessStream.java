package dev.soulbox.orchestrator.webshell;

import dev.soulbox.proto.process.ProcessEvent;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.function.Function;

/**
 * The events of one process as an agent streams them (from {@code Start} or {@code Attach}), handed to a
 * {@link Listener}; {@link #cancel} stops following the process without touching it.
 *
 * @param <R> the response type of the call, from which {@code eventOf} takes the process event
 */
final class ProcessStream<Q, R> implements ClientResponseObserver<Q, R> {
  interface Listener {
    void started(int pid);

    /** @param kind {@code stdout}, {@code stderr} or {@code pty} */
    void output(String kind, byte[] bytes);

    void ended(ProcessEvent.EndEvent end);

    /** The call failed, or the agent closed the stream without an end event. */
    void failed(Status status);
  }

  private final Function<R, ProcessEvent> eventOf;
  private final Listener listener;
  private volatile ClientCallStreamObserver<Q> call;
  private volatile boolean cancelled;
  private boolean ended;

  ProcessStream(Function<R, ProcessEvent> eventOf, Listener listener) {
    this.eventOf = eventOf;
    this.listener = listener;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
    call = requestStream;
    if (cancelled) {
      requestStream.cancel("no longer followed", null);
    }
  }

  void cancel() {
    cancelled = true;
    ClientCallStreamObserver<Q> current = call;
    if (current != null) {
      current.cancel("no longer followed", null);
    }
  }

  @Override
  public void onNext(R response) {
    ProcessEvent event = eventOf.apply(response);
    switch (event.getEventCase()) {
      case START -> listener.started(event.getStart().getPid());
      case DATA -> {
        ProcessEvent.DataEvent data = event.getData();
        switch (data.getOutputCase()) {
          case STDOUT -> listener.output("stdout", data.getStdout().toByteArray());
          case STDERR -> listener.output("stderr", data.getStderr().toByteArray());
          case PTY -> listener.output("pty", data.getPty().toByteArray());
          default -> { }
        }
      }
      case END -> {
        ended = true;
        listener.ended(event.getEnd());
      }
      default -> { }
    }
  }

  @Override
  public void onError(Throwable t) {
    if (!cancelled) {
      listener.failed(Status.fromThrowable(t));
    }
  }

  @Override
  public void onCompleted() {
    if (!ended && !cancelled) {
      listener.failed(Status.UNAVAILABLE.withDescription("the agent closed the stream before the process ended"));
    }
  }
}
