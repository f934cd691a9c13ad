package dev.soulbox.sdk.internal;

import dev.soulbox.proto.process.ProcessEvent.DataEvent;
import dev.soulbox.proto.process.ProcessEvent;
import dev.soulbox.sdk.SoulBoxException;
import dev.soulbox.sdk.TimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What a handle knows of its process's stream: when it started, its output (passed on to the
 * handle's sink) and how it ended. Waits turn the stream's outcome into the SDK's exceptions.
 */
final class ProcessSession implements ProcessStream.Listener {
  /** Where output goes; called on one thread at a time. */
  interface Sink {
    void accept(DataEvent.OutputCase kind, byte[] data);
  }

  private static final System.Logger log = System.getLogger(ProcessSession.class.getName());

  private final Sink sink;
  private final CompletableFuture<Integer> started = new CompletableFuture<>();
  private final CompletableFuture<ProcessEvent.EndEvent> ended = new CompletableFuture<>();
  private volatile ProcessStream stream;

  ProcessSession(Sink sink) {
    this.sink = sink;
  }

  void follow(ProcessStream stream) {
    this.stream = stream;
  }

  @Override
  public void onStart(int pid) {
    started.complete(pid);
  }

  @Override
  public void onOutput(DataEvent.OutputCase kind, byte[] data) {
    try {
      sink.accept(kind, data);
    } catch (RuntimeException e) {
      log.log(System.Logger.Level.WARNING, "an output callback threw; the stream goes on", e);
    }
  }

  @Override
  public void onEnd(ProcessEvent.EndEvent end) {
    ended.complete(end);
  }

  @Override
  public void onFailure(SoulBoxException failure) {
    started.completeExceptionally(failure);
    ended.completeExceptionally(failure);
  }

  /** Waits for the pid; a process that does not report one within {@code timeout} is given up on. */
  int awaitStart(Duration timeout) {
    try {
      return await(started, timeout);
    } catch (TimeoutException e) {
      stop();
      throw new TimeoutException("the process did not report its pid within " + timeout.toSeconds() + " s", e);
    }
  }

  /** Waits for the end; {@code timeout} null waits as long as it takes. */
  ProcessEvent.EndEvent awaitEnd(Duration timeout) {
    return await(ended, timeout);
  }

  boolean isDone() {
    return ended.isDone();
  }

  /** Runs {@code action} once the stream has ended, failed or been stopped. */
  void whenDone(Runnable action) {
    ended.whenComplete((end, failure) -> action.run());
  }

  /** Stops the stream; waiters learn that nobody listens any more. */
  void stop() {
    ProcessStream s = stream;
    if (s != null) {
      s.close();
    }
    SoulBoxException stopped = new SoulBoxException("the handle was closed; connect to the process again to follow it");
    started.completeExceptionally(stopped);
    ended.completeExceptionally(stopped);
  }

  private static <T> T await(CompletableFuture<T> future, Duration timeout) {
    try {
      return timeout == null ? future.get() : future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new TimeoutException("still running after " + timeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof SoulBoxException s
          ? s : new SoulBoxException("process stream failed", e.getCause());
    } catch (CancellationException e) {
      throw new SoulBoxException("the wait was cancelled", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SoulBoxException("interrupted while waiting for the process", e);
    }
  }
}
