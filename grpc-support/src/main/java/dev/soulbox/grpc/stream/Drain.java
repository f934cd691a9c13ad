package dev.soulbox.grpc.stream;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a drain step on whichever thread asks, never two at once, and never misses a request that
 * arrives while a step runs: the step is repeated until no request is left over.
 */
public final class Drain {
  private final AtomicInteger requests = new AtomicInteger();
  private final Runnable step;

  public Drain(Runnable step) {
    this.step = step;
  }

  public void request() {
    if (requests.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      try {
        step.run();
      } catch (RuntimeException | Error e) {
        requests.set(0);
        throw e;
      }
      missed = requests.addAndGet(-missed);
    } while (missed != 0);
  }
}
