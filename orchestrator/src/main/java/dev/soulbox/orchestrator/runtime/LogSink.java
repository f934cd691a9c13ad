package dev.soulbox.orchestrator.runtime;


/**
 * Where a log stream goes. Lifecycle lines and container output may arrive from different threads,
 * so implementations are thread-safe; {@code end} is called at most once, after the last line.
 */
public interface LogSink {
  /** May block the producer while the reader is slow; never blocks for lifecycle lines. */
  void accept(LogLine line);

  /** The stream is over: {@code error} is null when it ended normally (follow: the sandbox is gone). */
  void end(Throwable error);
}
