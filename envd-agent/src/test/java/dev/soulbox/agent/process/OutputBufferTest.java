package dev.soulbox.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.grpc.ResourceExhaustedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutputBufferTest {
  private static void append(OutputBuffer buffer, OutputBuffer.Stream stream, String text) throws InterruptedException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    buffer.append(stream, bytes, bytes.length);
  }

  private static String readAll(OutputBuffer.Subscription s) {
    StringBuilder out = new StringBuilder();
    OutputBuffer.Chunk c;
    while ((c = s.poll(1 << 20)) != null) {
      out.append(c.data().toStringUtf8());
    }
    return out.toString();
  }

  @Test
  void subscribersFromZeroSeeEverythingOnce_acrossStreams() throws Exception {
    OutputBuffer buffer = new OutputBuffer(1024, Duration.ofSeconds(1));
    OutputBuffer.Subscription s = buffer.subscribe(0);
    append(buffer, OutputBuffer.Stream.STDOUT, "ab");
    append(buffer, OutputBuffer.Stream.STDERR, "cd");
    append(buffer, OutputBuffer.Stream.STDOUT, "ef");

    OutputBuffer.Chunk first = s.poll(100);
    assertThat(first.stream()).isEqualTo(OutputBuffer.Stream.STDOUT);
    assertThat(first.offset()).isZero();
    assertThat(first.data().toStringUtf8()).isEqualTo("ab");
    OutputBuffer.Chunk second = s.poll(100);
    assertThat(second.stream()).isEqualTo(OutputBuffer.Stream.STDERR);
    assertThat(second.offset()).isEqualTo(2);
    assertThat(s.poll(100).data().toStringUtf8()).isEqualTo("ef");
    assertThat(s.poll(100)).isNull();
    assertThat(s.finished()).isFalse();
    buffer.close();
    assertThat(s.finished()).isTrue();
  }

  @Test
  void replayFromAnOffset_deliversOnlyLaterBytes() throws Exception {
    OutputBuffer buffer = new OutputBuffer(1024, Duration.ofSeconds(1));
    append(buffer, OutputBuffer.Stream.STDOUT, "hello ");
    append(buffer, OutputBuffer.Stream.STDOUT, "world");

    OutputBuffer.Subscription s = buffer.subscribe(3);

    assertThat(s.cursor()).isEqualTo(3);
    assertThat(readAll(s)).isEqualTo("lo world");
  }

  @Test
  void pollSplitsAtMaxBytes() throws Exception {
    OutputBuffer buffer = new OutputBuffer(1024, Duration.ofSeconds(1));
    OutputBuffer.Subscription s = buffer.subscribe(0);
    append(buffer, OutputBuffer.Stream.STDOUT, "0123456789");

    assertThat(s.poll(4).data().toStringUtf8()).isEqualTo("0123");
    assertThat(s.poll(4).data().toStringUtf8()).isEqualTo("4567");
    assertThat(s.poll(4).data().toStringUtf8()).isEqualTo("89");
  }

  @Test
  void withoutSubscribers_onlyTheNewestCapacityBytesAreKept() throws Exception {
    OutputBuffer buffer = new OutputBuffer(64 * 1024, Duration.ofSeconds(1));
    byte[] block = new byte[32 * 1024];
    for (int i = 0; i < 10; i++) {
      buffer.append(OutputBuffer.Stream.STDOUT, block, block.length);
    }

    assertThat(buffer.head()).isEqualTo(320 * 1024);
    assertThat(buffer.oldest()).isGreaterThanOrEqualTo(320 * 1024 - 96 * 1024);
    OutputBuffer.Subscription late = buffer.subscribe(0);
    assertThat(late.cursor()).isEqualTo(buffer.oldest());
  }

  @Test
  void subscribeBeyondHead_isInvalidArgument() throws Exception {
    OutputBuffer buffer = new OutputBuffer(1024, Duration.ofSeconds(1));
    append(buffer, OutputBuffer.Stream.STDOUT, "abc");

    assertThatThrownBy(() -> buffer.subscribe(4)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("beyond the output so far (3 bytes)");
    assertThatThrownBy(() -> buffer.subscribe(-1)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void aLaggingSubscriber_throttlesTheWriter_untilItReads() throws Exception {
    OutputBuffer buffer = new OutputBuffer(8, Duration.ofSeconds(30));
    OutputBuffer.Subscription s = buffer.subscribe(0);
    append(buffer, OutputBuffer.Stream.STDOUT, "12345678");

    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try {
        append(buffer, OutputBuffer.Stream.STDOUT, "9");
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !writer.isDone());

    assertThat(s.poll(4).data().toStringUtf8()).isEqualTo("1234");
    writer.get();
    assertThat(readAll(s)).isEqualTo("56789");
  }

  @Test
  void aStalledSubscriber_isDroppedWithResourceExhausted_andTheWriterGoesOn() throws Exception {
    OutputBuffer buffer = new OutputBuffer(8, Duration.ofMillis(200));
    OutputBuffer.Subscription stalled = buffer.subscribe(0);
    AtomicInteger wakeups = new AtomicInteger();
    stalled.onAvailable(wakeups::incrementAndGet);

    for (int i = 0; i < 10; i++) {
      append(buffer, OutputBuffer.Stream.STDOUT, "abcdefgh");
    }

    assertThat(stalled.failure()).isInstanceOf(ResourceExhaustedException.class)
        .hasMessageContaining("Attach from offset 0");
    assertThat(buffer.head()).isEqualTo(80);
    assertThat(wakeups.get()).isPositive();
  }

  @Test
  void closedSubscriptions_doNotHoldTheWriter() throws Exception {
    OutputBuffer buffer = new OutputBuffer(4, Duration.ofSeconds(30));
    buffer.subscribe(0).close();

    for (int i = 0; i < 100; i++) {
      append(buffer, OutputBuffer.Stream.STDOUT, "data");
    }
    assertThat(buffer.head()).isEqualTo(400);
  }

  @Test
  void smallWritesAreMergedIntoChunks() throws Exception {
    OutputBuffer buffer = new OutputBuffer(1 << 20, Duration.ofSeconds(1));
    for (int i = 0; i < 1000; i++) {
      append(buffer, OutputBuffer.Stream.STDOUT, "x");
    }
    OutputBuffer.Subscription s = buffer.subscribe(0);
    OutputBuffer.Chunk all = s.poll(1 << 20);
    assertThat(all.data()).isEqualTo(ByteString.copyFromUtf8("x".repeat(1000)));
  }
}
