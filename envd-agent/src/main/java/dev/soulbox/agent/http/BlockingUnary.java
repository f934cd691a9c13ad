package dev.soulbox.agent.http;

import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waits, on a worker thread, for a call with one response, and for its readiness while sending a client stream. */
final class BlockingUnary<T> extends ClientCall.Listener<T> {
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private final Object ready = new Object();
  private T response;

  @Override
  public void onMessage(T message) {
    response = message;
  }

  @Override
  public void onReady() {
    synchronized (ready) {
      ready.notifyAll();
    }
  }

  @Override
  public void onClose(Status status, Metadata trailers) {
    if (status.isOk() && response != null) {
      result.complete(response);
    } else {
      result.completeExceptionally((status.isOk() ? Status.INTERNAL.withDescription("no response") : status)
          .asRuntimeException(trailers));
    }
    onReady();
  }

  /** Blocks while the call cannot take another message without buffering; returns at once if it has ended. */
  void awaitReady(ClientCall<?, ?> call) {
    synchronized (ready) {
      while (!call.isReady() && !result.isDone()) {
        try {
          ready.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  T await() {
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
    } catch (ExecutionException e) {
      throw (RuntimeException) e.getCause();
    }
  }
}
