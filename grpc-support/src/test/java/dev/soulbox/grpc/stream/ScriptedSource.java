package dev.soulbox.grpc.stream;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** A source whose messages, end and failure the test decides. */
final class ScriptedSource implements StreamSource<String> {
  final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
  final AtomicInteger closes = new AtomicInteger();
  volatile boolean ended;
  volatile RuntimeException failure;
  volatile RuntimeException nextThrows;
  private volatile Runnable wake = () -> { };

  void add(String... messages) {
    pending.addAll(java.util.List.of(messages));
    wake.run();
  }

  void end() {
    ended = true;
    wake.run();
  }

  void fail(RuntimeException why) {
    failure = why;
    wake.run();
  }

  @Override public String opening() { return "start"; }
  @Override public String closing() { return "end"; }
  @Override public String keepalive() { return "keepalive"; }

  @Override
  public String next() {
    if (nextThrows != null) {
      throw nextThrows;
    }
    return pending.poll();
  }

  @Override public RuntimeException failure() { return failure; }
  @Override public boolean exhausted() { return ended && pending.isEmpty(); }
  @Override public void onAvailable(Runnable wake) { this.wake = wake; }
  @Override public void close() { closes.incrementAndGet(); }
}
