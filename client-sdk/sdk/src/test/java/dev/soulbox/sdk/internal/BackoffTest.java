package dev.soulbox.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.soulbox.sdk.ReconnectPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private long now;
  private double random = 1.0;

  private Backoff backoff(ReconnectPolicy policy) {
    return new Backoff(policy, () -> now, () -> random);
  }

  @Test
  void delays_doubleUpToTheCap_withFullJitter() {
    Backoff b = backoff(ReconnectPolicy.defaults().withGiveUpAfter(Duration.ofHours(1)));
    List<Long> ceilings = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ceilings.add(b.next().orElseThrow().toMillis());
    }
    assertThat(ceilings).containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L);

    random = 0.25;
    assertThat(b.next()).contains(Duration.ofMillis(1250));
    random = 0.0;
    assertThat(b.next()).contains(Duration.ZERO);
  }

  @Test
  void givesUp_whenTheTimeBoundHasPassed_neverSleepingPastIt() {
    Backoff b = backoff(ReconnectPolicy.defaults().withGiveUpAfter(Duration.ofSeconds(1)));

    assertThat(b.next()).contains(Duration.ofMillis(100));
    now += Duration.ofMillis(900).toNanos();
    assertThat(b.next()).contains(Duration.ofMillis(100)); // 200 ms capped at what is left
    now += Duration.ofMillis(100).toNanos();
    assertThat(b.next()).isEmpty();
    assertThat(b.attempts()).isEqualTo(2);
    assertThat(b.sinceFirstFailure()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void givesUp_afterMaxAttempts() {
    Backoff b = backoff(ReconnectPolicy.defaults().withMaxAttempts(2));

    assertThat(b.next()).isPresent();
    assertThat(b.next()).isPresent();
    assertThat(b.next()).isEmpty();
  }

  @Test
  void reset_startsAFreshCount() {
    Backoff b = backoff(ReconnectPolicy.defaults().withGiveUpAfter(Duration.ofSeconds(1)));
    b.next();
    b.next();
    now += Duration.ofSeconds(5).toNanos();

    b.reset();

    assertThat(b.next()).contains(Duration.ofMillis(100));
  }

  @Test
  void disabled_neverRetries() {
    assertThat(backoff(ReconnectPolicy.disabled()).next()).isEqualTo(Optional.empty());
  }
}
