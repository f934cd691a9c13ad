package dev.soulbox.grpc.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.soulbox.grpc.NotFoundException;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServerStreamTest {
  private final RecordingObserver<String> out = new RecordingObserver<>();
  private final ScriptedSource source = new ScriptedSource();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void begin_sendsOpening_messages_closing_thenCompletes() {
    source.add("a", "b");
    ServerStream.of(out, source).begin();
    source.add("c");
    source.end();

    assertThat(out.sent).containsExactly("start", "a", "b", "c", "end");
    assertThat(out.completed).isTrue();
    assertThat(source.closes).hasValue(1);
  }

  @Test
  void notReady_holdsMessagesBack_untilTheClientCanTakeMore() {
    out.ready = false;
    source.add("a", "b");
    ServerStream.of(out, source).begin();

    assertThat(out.sent).containsExactly("start");

    out.becomeReady();

    assertThat(out.sent).containsExactly("start", "a", "b");
    assertThat(out.closed()).isFalse();
  }

  @Test
  void failure_endsTheStreamWithItsStatus_andClosesTheSource() {
    ServerStream.of(out, source).begin();
    source.fail(new NotFoundException("no process with pid 7"));

    assertThat(out.error.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(out.error.getDescription()).isEqualTo("no process with pid 7");
    assertThat(source.closes).hasValue(1);
  }

  @Test
  void failure_isSentEvenToAClientThatCannotTakeMessages() {
    out.ready = false;
    ServerStream.of(out, source).begin();
    source.fail(new NotFoundException("gone"));

    assertThat(out.error.getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void aThrowingSource_failsTheCall_withoutTheDetail() {
    source.nextThrows = new IllegalStateException("secret detail");
    ServerStream.of(out, source).begin();

    assertThat(out.error.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(out.error.getDescription()).doesNotContain("secret");
    assertThat(source.closes).hasValue(1);
  }

  @Test
  void clientCancel_detaches_closesTheSourceOnce_andSendsNothingMore() {
    ServerStream.of(out, source).begin();
    out.cancelByClient();
    out.cancelByClient();
    source.add("late");
    source.end();

    assertThat(out.sent).containsExactly("start");
    assertThat(out.closed()).isFalse();
    assertThat(source.closes).hasValue(1);
  }

  @Test
  void idleStream_getsKeepalives_untilItEnds() {
    ServerStream.of(out, source).keepalive(Duration.ofMillis(100), scheduler).begin();

    await().atMost(Duration.ofSeconds(5)).until(() -> out.sent.stream().filter("keepalive"::equals).count() >= 2);

    out.cancelByClient();
    int sent = out.sent.size();
    await().pollDelay(Duration.ofMillis(300)).until(() -> true);
    assertThat(out.sent).hasSize(sent);
  }

  @Test
  void onReadyThreshold_isPassedToTheCall() {
    ServerStream.of(out, source).onReadyThreshold(1 << 20).begin();

    assertThat(out.onReadyThreshold).isEqualTo(1 << 20);
  }
}
