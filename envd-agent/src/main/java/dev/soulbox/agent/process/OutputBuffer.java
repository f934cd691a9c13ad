package dev.soulbox.agent.process;

import com.google.protobuf.ByteString;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.grpc.ResourceExhaustedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A process's output: every byte it writes, numbered by one offset across its streams, kept for
 * replay up to {@code capacity} bytes and fanned out to any number of subscribers.
 *
 * <p>Back-pressure policy: memory is bounded by {@code capacity} per process, whatever the
 * clients do. While a subscriber is a full {@code capacity} behind, the writer waits, so the
 * process blocks on its pipe as it would on a slow terminal. A subscriber that makes no progress
 * for {@code stallTimeout} while the writer waits on it is dropped with {@code RESOURCE_EXHAUSTED}
 * (it can come back with Attach from its offset), and the process runs on. With no subscriber,
 * nothing waits and only the newest {@code capacity} bytes are kept.
 */
public final class OutputBuffer {
  public enum Stream { STDOUT, STDERR, PTY }

  /** Bytes of one stream starting at {@code offset}. */
  public record Chunk(long offset, Stream stream, ByteString data) {
    long end() {
      return offset + data.size();
    }
  }

  /** Writes are merged into the newest chunk while it stays below this size, to keep chunk counts low. */
  private static final int MERGE_BELOW = 16 * 1024;

  private final long capacity;
  private final long stallTimeoutNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition progressed = lock.newCondition();
  /** Chunks in offset order; only the newest may still grow (small writes are merged into it). */
  private final List<Chunk> chunks = new ArrayList<>();
  private final List<Subscription> subscriptions = new ArrayList<>();
  private long retained;
  private long head;
  private boolean closed;

  public OutputBuffer(long capacity, Duration stallTimeout) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.stallTimeoutNanos = stallTimeout.toNanos();
  }

  /** Appends bytes, first waiting while a subscriber is a full buffer behind (see the class comment). */
  public void append(Stream stream, byte[] bytes, int length) throws InterruptedException {
    if (length <= 0) {
      return;
    }
    List<Subscription> toWake;
    lock.lock();
    try {
      awaitRoom();
      if (closed) {
        return;
      }
      Chunk last = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
      if (last != null && last.stream() == stream && last.data().size() + length <= MERGE_BELOW) {
        chunks.set(chunks.size() - 1,
            new Chunk(last.offset(), stream, last.data().concat(ByteString.copyFrom(bytes, 0, length))));
      } else {
        chunks.add(new Chunk(head, stream, ByteString.copyFrom(bytes, 0, length)));
      }
      retained += length;
      head += length;
      trim();
      toWake = new ArrayList<>(subscriptions);
    } finally {
      lock.unlock();
    }
    toWake.forEach(Subscription::wake);
  }

  /** Marks the end of output: subscribers finish once they have read everything. */
  public void close() {
    List<Subscription> toWake;
    lock.lock();
    try {
      closed = true;
      progressed.signalAll();
      toWake = new ArrayList<>(subscriptions);
    } finally {
      lock.unlock();
    }
    toWake.forEach(Subscription::wake);
  }

  /** Total bytes written so far: the offset the next byte will have. */
  public long head() {
    lock.lock();
    try {
      return head;
    } finally {
      lock.unlock();
    }
  }

  /** Offset of the oldest byte still kept. */
  public long oldest() {
    lock.lock();
    try {
      return chunks.isEmpty() ? head : chunks.get(0).offset();
    } finally {
      lock.unlock();
    }
  }

  /** Subscribes from {@code offset}, or from the oldest byte kept when older bytes are gone. */
  public Subscription subscribe(long offset) {
    lock.lock();
    try {
      if (offset < 0 || offset > head) {
        throw new InvalidArgumentException(
            "offset " + offset + " is beyond the output so far (" + head + " bytes)");
      }
      long oldest = chunks.isEmpty() ? head : chunks.get(0).offset();
      Subscription s = new Subscription(Math.max(offset, oldest));
      subscriptions.add(s);
      return s;
    } finally {
      lock.unlock();
    }
  }

  /** Subscribes to output written from now on. */
  public Subscription subscribeLive() {
    lock.lock();
    try {
      return subscribe(head);
    } finally {
      lock.unlock();
    }
  }

  private void awaitRoom() throws InterruptedException {
    long waitingSince = System.nanoTime();
    while (!closed) {
      Subscription laggard = null;
      for (Subscription s : subscriptions) {
        if (head - s.cursor >= capacity && (laggard == null || s.cursor < laggard.cursor)) {
          laggard = s;
        }
      }
      if (laggard == null) {
        return;
      }
      long stalledSince = Math.max(waitingSince, laggard.lastProgressNanos);
      long remaining = stallTimeoutNanos - (System.nanoTime() - stalledSince);
      if (remaining <= 0) {
        laggard.failure = new ResourceExhaustedException(
            "client fell " + (head - laggard.cursor) + " bytes behind the process output and read nothing for "
                + TimeUnit.NANOSECONDS.toMillis(stallTimeoutNanos) + " ms; reconnect with "
                + "soulbox.agent.v1.ProcessControl/Attach from offset " + laggard.cursor + " to resume");
        subscriptions.remove(laggard);
        Subscription dropped = laggard;
        lock.unlock();
        try {
          dropped.wake();
        } finally {
          lock.lock();
        }
        continue;
      }
      progressed.awaitNanos(remaining);
    }
  }

  /** Drops the oldest chunks beyond capacity that no subscriber still needs. */
  private void trim() {
    long minCursor = head;
    for (Subscription s : subscriptions) {
      minCursor = Math.min(minCursor, s.cursor);
    }
    int drop = 0;
    while (drop < chunks.size() - 1) {
      Chunk first = chunks.get(drop);
      if (retained - first.data().size() < capacity || first.end() > minCursor) {
        break;
      }
      retained -= first.data().size();
      drop++;
    }
    if (drop > 0) {
      chunks.subList(0, drop).clear();
    }
  }

  /** Index of the chunk holding {@code offset}; the caller holds the lock and offset is below head. */
  private int indexOf(long offset) {
    int lo = 0;
    int hi = chunks.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (chunks.get(mid).offset() <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** One reader's position in the output. Not thread-safe: one drain at a time polls it. */
  public final class Subscription implements AutoCloseable {
    private long cursor;
    private long lastProgressNanos = System.nanoTime();
    private volatile Runnable listener = () -> {};
    private volatile RuntimeException failure;

    private Subscription(long cursor) {
      this.cursor = cursor;
    }

    /** Where this subscriber reads next. */
    public long cursor() {
      lock.lock();
      try {
        return cursor;
      } finally {
        lock.unlock();
      }
    }

    /** Runs {@code listener} (on the writer's thread) whenever new output, the end, or a failure arrives. */
    public void onAvailable(Runnable listener) {
      this.listener = listener;
    }

    /**
     * The next bytes at the cursor, at most {@code maxBytes}, joining adjacent chunks of the same
     * stream; null when nothing is waiting.
     */
    public Chunk poll(int maxBytes) {
      lock.lock();
      try {
        if (cursor >= head) {
          return null;
        }
        long start = cursor;
        Stream stream = null;
        ByteString data = ByteString.EMPTY;
        for (int i = indexOf(cursor); i < chunks.size() && cursor - start < maxBytes; i++) {
          Chunk c = chunks.get(i);
          if (stream != null && c.stream() != stream) {
            break;
          }
          stream = c.stream();
          int from = (int) (cursor - c.offset());
          int take = (int) Math.min(c.data().size() - from, maxBytes - (cursor - start));
          data = data.concat(c.data().substring(from, from + take));
          cursor += take;
        }
        lastProgressNanos = System.nanoTime();
        progressed.signalAll();
        return new Chunk(start, stream, data);
      } finally {
        lock.unlock();
      }
    }

    /** True once the output has ended and this subscriber has read all of it. */
    public boolean finished() {
      lock.lock();
      try {
        return closed && cursor >= head;
      } finally {
        lock.unlock();
      }
    }

    /** Set when the subscriber was dropped for falling behind; the stream should end with it. */
    public RuntimeException failure() {
      return failure;
    }

    @Override
    public void close() {
      lock.lock();
      try {
        subscriptions.remove(this);
        progressed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    private void wake() {
      listener.run();
    }
  }
}
