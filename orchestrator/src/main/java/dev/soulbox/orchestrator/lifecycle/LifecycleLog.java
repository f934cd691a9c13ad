package dev.soulbox.orchestrator.lifecycle;

import dev.soulbox.orchestrator.runtime.LogLine;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The state changes of one sandbox, newest {@value #MAX_LINES} kept, with live subscribers for followed logs. */
final class LifecycleLog {
  static final int MAX_LINES = 256;

  private final ArrayDeque<LogLine> lines = new ArrayDeque<>();
  private final List<Consumer<LogLine>> subscribers = new CopyOnWriteArrayList<>();

  synchronized void record(String message) {
    LogLine line = new LogLine(Instant.now(), LogLine.LIFECYCLE, message);
    lines.addLast(line);
    if (lines.size() > MAX_LINES) {
      lines.removeFirst();
    }
    subscribers.forEach(s -> s.accept(line));
  }

  /** What was recorded so far; {@code subscriber} gets every later line (it must not block). */
  synchronized List<LogLine> subscribe(Consumer<LogLine> subscriber) {
    subscribers.add(subscriber);
    return List.copyOf(lines);
  }

  synchronized List<LogLine> lines() {
    return List.copyOf(lines);
  }

  void unsubscribe(Consumer<LogLine> subscriber) {
    subscribers.remove(subscriber);
  }
}
