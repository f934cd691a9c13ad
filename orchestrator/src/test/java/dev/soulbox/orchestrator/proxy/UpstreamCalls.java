package dev.soulbox.orchestrator.proxy;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the agent saw of each call that reached its services: headers, deadline, and how the call ended. */
final class UpstreamCalls implements ServerInterceptor {
  /** One call as the agent saw it; {@code end} completes with "cancelled" or "completed". */
  record Seen(String method, Metadata headers, Deadline deadline, CompletableFuture<String> end) {}

  private final List<Seen> calls = new CopyOnWriteArrayList<>();

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    Seen seen = new Seen(call.getMethodDescriptor().getFullMethodName(), headers, Context.current().getDeadline(),
        new CompletableFuture<>());
    calls.add(seen);
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
      @Override
      public void onCancel() {
        seen.end().complete("cancelled");
        super.onCancel();
      }

      @Override
      public void onComplete() {
        seen.end().complete("completed");
        super.onComplete();
      }
    };
  }

  /** The latest call to {@code fullMethod}, e.g. "process.Process/Start". */
  Seen last(String fullMethod) {
    for (int i = calls.size() - 1; i >= 0; i--) {
      if (calls.get(i).method().equals(fullMethod)) {
        return calls.get(i);
      }
    }
    throw new AssertionError("the agent saw no call to " + fullMethod);
  }
}
