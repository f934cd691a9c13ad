package dev.soulbox.grpc.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.soulbox.grpc.InvalidArgumentException;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QueuedSourceTest {
  private final RecordingObserver<String> out = new RecordingObserver<>();

  @Test
  void offeredMessages_areSentInOrder_thenTheStreamCompletesOnFinish() {
    QueuedSource<String> source = new QueuedSource<>(4);
    ServerStream.of(out, source).begin();

    source.offer("a");
    source.offerBulk("b");
    source.finish(null);

    assertThat(out.sent).containsExactly("a", "b");
    assertThat(out.completed).isTrue();
  }

  @Test
  void finishWithAnError_sendsWhatIsQueuedFirst_thenTheStatus() {
    out.ready = false;
    QueuedSource<String> source = new QueuedSource<>(4);
    ServerStream.of(out, source).begin();
    source.offer("a");
    source.finish(new InvalidArgumentException("bad Dockerfile"));

    assertThat(out.closed()).isFalse();

    out.becomeReady();

    assertThat(out.sent).containsExactly("a");
    assertThat(out.error.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(out.error.getDescription()).isEqualTo("bad Dockerfile");
  }

  @Test
  void bulkProducer_waitsForASlowClient_andTheStreamFailsWhenItReadsNothing() throws Exception {
    out.ready = false;
    QueuedSource<String> source = new QueuedSource<>(2, Duration.ofMillis(300));
    AtomicInteger closes = new AtomicInteger();
    source.onClose(closes::incrementAndGet);
    ServerStream.of(out, source).begin();

    CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < 5; i++) {
        source.offerBulk("line " + i);
      }
    });

    await().atMost(Duration.ofSeconds(5)).until(out::closed);
    assertThat(out.error.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(out.error.getDescription()).contains("read nothing");
    assertThat(out.sent).isEmpty();
    assertThat(closes).hasValue(1);
    producer.get(5, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void afterTheClientCancels_producersAreReleased_andTheirMessagesDropped() throws Exception {
    out.ready = false;
    QueuedSource<String> source = new QueuedSource<>(1);
    ServerStream.of(out, source).begin();
    source.offerBulk("fills the queue");
    CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> source.offerBulk("waits"));

    out.cancelByClient();

    blocked.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(source.isClosed()).isTrue();
    assertThat(out.sent).isEmpty();
  }

  @Test
  void onClose_registeredAfterTheEnd_runsAtOnce() {
    QueuedSource<String> source = new QueuedSource<>(1);
    ServerStream.of(out, source).begin();
    out.cancelByClient();
    AtomicInteger ran = new AtomicInteger();

    source.onClose(ran::incrementAndGet);

    assertThat(ran).hasValue(1);
  }
}
