package dev.soulbox.orchestrator.lifecycle;

import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.grpc.UnavailableException;
import dev.soulbox.orchestrator.runtime.LogLine;
import dev.soulbox.orchestrator.runtime.LogSink;
import dev.soulbox.orchestrator.runtime.SandboxRuntime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A sandbox's log: its lifecycle events merged with its container's output, in time order. The
 * history (at most the last {@value #HISTORY_LINES} output lines) is merged by timestamp; when
 * followed, new lines of both kinds are passed on as they come, the container's picking up exactly
 * after the last line of the history.
 */
final class LogMerge {
  static final int HISTORY_LINES = 10_000;
  private static final long HISTORY_WAIT_SECONDS = 30;

  private final SandboxRuntime runtime;
  private final String sandboxId;
  private final LifecycleLog events;

  LogMerge(SandboxRuntime runtime, String sandboxId, LifecycleLog events) {
    this.runtime = runtime;
    this.sandboxId = sandboxId;
    this.events = events;
  }

  AutoCloseable start(boolean follow, LogSink sink) {
    if (!follow) {
      emit(events.lines(), history(), sink);
      sink.end(null);
      return () -> {};
    }
    HeldLines held = new HeldLines(sink);
    List<LogLine> lifecycle = events.subscribe(held);
    List<LogLine> output;
    try {
      output = history();
    } catch (RuntimeException e) {
      events.unsubscribe(held);
      throw e;
    }
    emit(lifecycle, output, sink);
    held.release();
    Instant last = output.isEmpty() ? null : output.get(output.size() - 1).timestamp();
    LogSink live = new LogSink() {
      @Override
      public void accept(LogLine line) {
        if (last == null || line.timestamp().isAfter(last)) {
          sink.accept(line);
        }
      }

      @Override
      public void end(Throwable error) {
        events.unsubscribe(held);
        sink.end(error);
      }
    };
    try {
      AutoCloseable stream = runtime.logs(sandboxId, last, 0, true, live);
      return () -> {
        events.unsubscribe(held);
        stream.close();
      };
    } catch (NotFoundException gone) {
      live.end(null);
      return () -> {};
    }
  }

  private List<LogLine> history() {
    Collected collected = new Collected();
    try (AutoCloseable ignored = runtime.logs(sandboxId, null, HISTORY_LINES, false, collected)) {
      if (!collected.done.await(HISTORY_WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new UnavailableException("reading the output of sandbox " + sandboxId + " took over "
            + HISTORY_WAIT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while reading the output of sandbox " + sandboxId);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new UnavailableException("cannot read the output of sandbox " + sandboxId + ": " + e.getMessage(), e);
    }
    if (collected.error != null) {
      throw new UnavailableException("cannot read the output of sandbox " + sandboxId + ": "
          + collected.error.getMessage(), collected.error);
    }
    return collected.lines;
  }

  private static void emit(List<LogLine> lifecycle, List<LogLine> output, LogSink sink) {
    List<LogLine> merged = new ArrayList<>(lifecycle.size() + output.size());
    merged.addAll(lifecycle);
    merged.addAll(output);
    merged.sort(Comparator.comparing(LogLine::timestamp)); // stable: equal times keep lifecycle first
    merged.forEach(sink::accept);
  }

  /** Lifecycle lines that arrive while the history is being sent wait until it has been. */
  private static final class HeldLines implements Consumer<LogLine> {
    private final LogSink sink;
    private final List<LogLine> waiting = new ArrayList<>();
    private boolean released;

    HeldLines(LogSink sink) {
      this.sink = sink;
    }

    @Override
    public synchronized void accept(LogLine line) {
      if (released) {
        sink.accept(line);
      } else {
        waiting.add(line);
      }
    }

    synchronized void release() {
      waiting.forEach(sink::accept);
      waiting.clear();
      released = true;
    }
  }

  private static final class Collected implements LogSink {
    final List<LogLine> lines = new ArrayList<>();
    final CountDownLatch done = new CountDownLatch(1);
    volatile Throwable error;

    @Override
    public synchronized void accept(LogLine line) {
      lines.add(line);
    }

    @Override
    public void end(Throwable failure) {
      this.error = failure;
      done.countDown();
    }
  }
}
