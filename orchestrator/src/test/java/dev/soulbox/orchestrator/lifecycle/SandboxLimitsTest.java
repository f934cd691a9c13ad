package dev.soulbox.orchestrator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.orchestrator.runtime.HostCapacity;
import dev.soulbox.orchestrator.runtime.ResourceLimits;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SandboxLimitsTest {
  private static final HostCapacity HOST = new HostCapacity(2, 4L << 30);
  private static final Duration MAX = Duration.ofHours(24);

  @Test
  void timeout_zeroMeansDefault() {
    assertThat(SandboxLimits.timeout(Duration.ZERO, Duration.ofSeconds(300), MAX)).isEqualTo(Duration.ofSeconds(300));
    assertThat(SandboxLimits.timeout(Duration.ofSeconds(5), Duration.ofSeconds(300), MAX)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void timeout_rejectsNegativeAndTooLarge() {
    assertThatThrownBy(() -> SandboxLimits.timeout(Duration.ofSeconds(-5), Duration.ofSeconds(300), MAX))
        .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("timeout_seconds must be at least 1, got -5");
    assertThatThrownBy(() -> SandboxLimits.timeout(Duration.ofSeconds(86_401), Duration.ofSeconds(300), MAX))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("timeout_seconds 86401 is above this server's limit of 86400 (24 h)");
    assertThatThrownBy(() -> SandboxLimits.positiveTimeout(Duration.ZERO, MAX)).isInstanceOf(InvalidArgumentException.class);
  }

  static Stream<Arguments> badMetadata() {
    Map<String, String> tooMany = new HashMap<>();
    for (int i = 0; i < 65; i++) {
      tooMany.put("k" + i, "v");
    }
    Map<String, String> tooBig = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      tooBig.put("k" + i, "x".repeat(1000));
    }
    return Stream.of(
        Arguments.of(tooMany, "metadata has 65 pairs; at most 64 are allowed"),
        Arguments.of(Map.of("bad key", "v"), "metadata key 'bad key' is invalid"),
        Arguments.of(Map.of("", "v"), "metadata key '' is invalid"),
        Arguments.of(Map.of("k".repeat(129), "v"), "is invalid: keys are 1 to 128 characters"),
        Arguments.of(Map.of("k", "v".repeat(1025)), "metadata value of 'k' has 1025 characters"),
        Arguments.of(tooBig, "characters in all; at most 16384 are allowed"));
  }

  @ParameterizedTest
  @MethodSource("badMetadata")
  void checkMetadata_rejects(Map<String, String> metadata, String message) {
    assertThatThrownBy(() -> SandboxLimits.checkMetadata(metadata)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void checkMetadata_acceptsTypical() {
    assertThatCode(() -> SandboxLimits.checkMetadata(Map.of("user.id", "42", "run-id", "a_b"))).doesNotThrowAnyException();
  }

  static Stream<Arguments> badResources() {
    return Stream.of(
        Arguments.of(new ResourceLimits(-1, 0, 0), "resources.cpus must be 0"),
        Arguments.of(new ResourceLimits(Double.NaN, 0, 0), "resources.cpus must be 0"),
        Arguments.of(new ResourceLimits(3, 0, 0), "resources.cpus 3.0 is more than the 2 CPUs of this host"),
        Arguments.of(new ResourceLimits(0, 63, 0), "resources.memory_mib must be 0 (the template's default) or at least 64"),
        Arguments.of(new ResourceLimits(0, 8192, 0), "resources.memory_mib 8192 is more than the 4096 MiB of this host"),
        Arguments.of(new ResourceLimits(0, 0, 10), "resources.pids must be 0 (the template's default) or at least 64"));
  }

  @ParameterizedTest
  @MethodSource("badResources")
  void checkResources_rejects(ResourceLimits limits, String message) {
    assertThatThrownBy(() -> SandboxLimits.checkResources(limits, HOST)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void checkResources_acceptsUnsetAndReasonable() {
    assertThatCode(() -> SandboxLimits.checkResources(ResourceLimits.UNSET, HOST)).doesNotThrowAnyException();
    assertThatCode(() -> SandboxLimits.checkResources(new ResourceLimits(0.5, 256, 128), HOST)).doesNotThrowAnyException();
  }

  @Test
  void checkEnv_rejectsBadNamesAndTheAccessToken() {
    assertThatThrownBy(() -> SandboxLimits.checkEnv(Map.of("1A", "x"))).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("env_vars name '1A' is invalid");
    assertThatThrownBy(() -> SandboxLimits.checkEnv(Map.of("A=B", "x"))).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> SandboxLimits.checkEnv(Map.of("SOULBOX_ACCESS_TOKEN", "x")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("is set by SoulBox");
    assertThatCode(() -> SandboxLimits.checkEnv(Map.of("LANG", "C.UTF-8", "_X1", ""))).doesNotThrowAnyException();
  }

  @Test
  void checkTemplateName() {
    assertThat(SandboxLimits.checkTemplateName("my-tpl_1.0")).isEqualTo("my-tpl_1.0");
    assertThatThrownBy(() -> SandboxLimits.checkTemplateName("My Template")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> SandboxLimits.checkTemplateName("-x")).isInstanceOf(InvalidArgumentException.class);
  }
}
