package dev.soulbox.sdk.internal;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.function.Function;

/** Adapters between a call's response observer and the one that consumes its responses. */
final class Responses {
  private Responses() {}

  /**
   * An observer for a call whose responses reach {@code target} as {@code map} turns them; the
   * call's request stream still reaches {@code target} when it wants it (to cancel the call).
   */
  @SuppressWarnings("unchecked")
  static <Q, A, B> ClientResponseObserver<Q, A> mapped(StreamObserver<B> target, Function<A, B> map) {
    return new ClientResponseObserver<>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
        if (target instanceof ClientResponseObserver<?, ?> starter) {
          ((ClientResponseObserver<Q, B>) starter).beforeStart(requestStream);
        }
      }

      @Override
      public void onNext(A value) {
        target.onNext(map.apply(value));
      }

      @Override
      public void onError(Throwable t) {
        target.onError(t);
      }

      @Override
      public void onCompleted() {
        target.onCompleted();
      }
    };
  }
}
