package dev.soulbox.grpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Outermost interceptor: an exception thrown by a handler closes the call with the status
 * {@link StatusMapping} chooses, instead of grpc's bare {@code UNKNOWN}.
 */
public final class StatusMappingInterceptor implements ServerInterceptor {
  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    OnceClosingCall<ReqT, RespT> guarded = new OnceClosingCall<>(call);
    ServerCall.Listener<ReqT> delegate;
    try {
      delegate = next.startCall(guarded, headers);
    } catch (RuntimeException e) {
      guarded.closeWith(e);
      return new ServerCall.Listener<>() {};
    }
    return new SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onMessage(ReqT message) {
        try {
          super.onMessage(message);
        } catch (RuntimeException e) {
          guarded.closeWith(e);
        }
      }

      @Override
      public void onHalfClose() {
        try {
          super.onHalfClose();
        } catch (RuntimeException e) {
          guarded.closeWith(e);
        }
      }

      @Override
      public void onReady() {
        try {
          super.onReady();
        } catch (RuntimeException e) {
          guarded.closeWith(e);
        }
      }
    };
  }

  private static final class OnceClosingCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {
    private final AtomicBoolean closed = new AtomicBoolean();

    OnceClosingCall(ServerCall<ReqT, RespT> delegate) {
      super(delegate);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      if (closed.compareAndSet(false, true)) {
        super.close(status, trailers);
      }
    }

    void closeWith(RuntimeException e) {
      close(StatusMapping.toStatus(e), new Metadata());
    }
  }
}
