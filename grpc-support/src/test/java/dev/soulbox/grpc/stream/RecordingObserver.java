package dev.soulbox.grpc.stream;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The server side of a call as ServerStream sees it, with readiness under the test's control. */
final class RecordingObserver<T> extends ServerCallStreamObserver<T> {
  final List<T> sent = new CopyOnWriteArrayList<>();
  volatile boolean ready = true;
  volatile boolean completed;
  volatile Status error;
  volatile int onReadyThreshold;
  private volatile Runnable onReady = () -> { };
  private volatile Runnable onCancel = () -> { };

  /** The client takes what was sent and can take more. */
  void becomeReady() {
    ready = true;
    onReady.run();
  }

  void cancelByClient() {
    onCancel.run();
  }

  boolean closed() {
    return completed || error != null;
  }

  @Override public boolean isReady() { return ready; }
  @Override public void setOnReadyHandler(Runnable r) { onReady = r; }
  @Override public void setOnCancelHandler(Runnable r) { onCancel = r; }
  @Override public void setOnReadyThreshold(int bytes) { onReadyThreshold = bytes; }
  @Override public boolean isCancelled() { return false; }
  @Override public void setCompression(String compression) { }
  @Override public void disableAutoInboundFlowControl() { }
  @Override public void request(int count) { }
  @Override public void setMessageCompression(boolean enable) { }

  @Override
  public void onNext(T value) {
    if (closed()) {
      throw new IllegalStateException("sent " + value + " after the call was closed");
    }
    sent.add(value);
  }

  @Override
  public void onError(Throwable t) {
    if (closed()) {
      throw new IllegalStateException("closed twice", t);
    }
    error = Status.fromThrowable(t);
  }

  @Override
  public void onCompleted() {
    if (closed()) {
      throw new IllegalStateException("closed twice");
    }
    completed = true;
  }
}
