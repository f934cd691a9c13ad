package dev.soulbox.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResourcesTest {
  @Test
  void none_isEmpty_andLimitsAddUp() {
    assertThat(Resources.none().isEmpty()).isTrue();
    assertThat(new Resources(0, 0, 0)).isEqualTo(Resources.none());

    Resources r = Resources.none().withCpus(0.5).withMemoryMib(512).withPids(100);

    assertThat(r).isEqualTo(new Resources(0.5, 512, 100));
    assertThat(r.isEmpty()).isFalse();
    assertThat(Resources.none().withPids(1).isEmpty()).isFalse();
  }

  static Stream<Arguments> badLimits() {
    return Stream.of(
        Arguments.of((Runnable) () -> Resources.none().withCpus(0), "cpus must be positive, got 0.0"),
        Arguments.of((Runnable) () -> Resources.none().withCpus(-1), "cpus must be positive, got -1.0"),
        Arguments.of((Runnable) () -> Resources.none().withCpus(Double.NaN), "cpus must be positive, got NaN"),
        Arguments.of((Runnable) () -> Resources.none().withCpus(Double.POSITIVE_INFINITY),
            "cpus must be positive, got Infinity"),
        Arguments.of((Runnable) () -> Resources.none().withMemoryMib(0), "memoryMib must be positive, got 0"),
        Arguments.of((Runnable) () -> Resources.none().withPids(-3), "pids must be positive, got -3"),
        Arguments.of((Runnable) () -> new Resources(-0.5, 0, 0), "cpus must be positive, got -0.5"),
        Arguments.of((Runnable) () -> new Resources(0, -1, 0), "memoryMib must be positive, got -1"),
        Arguments.of((Runnable) () -> new Resources(0, 0, -1), "pids must be positive, got -1"));
  }

  @ParameterizedTest
  @MethodSource("badLimits")
  void aLimitThatIsSet_mustBePositive(Runnable make, String message) {
    assertThatThrownBy(make::run).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void createOptionsAndTemplateSpec_shareTheSetters() {
    CreateOptions options = CreateOptions.builder().cpus(1.5).memoryMib(512).build();
    TemplateSpec spec = TemplateSpec.builder("tools", "FROM soulbox/base")
        .resources(new Resources(2, 1024, 50)).memoryMib(2048).build();

    assertThat(options.resources()).isEqualTo(new Resources(1.5, 512, 0));
    assertThat(options.toBuilder().pids(10).build().resources()).isEqualTo(new Resources(1.5, 512, 10));
    assertThat(CreateOptions.defaults().resources().isEmpty()).isTrue();
    assertThat(spec.resources()).isEqualTo(new Resources(2, 2048, 50));
  }

  static Stream<Consumer<CreateOptions.Builder>> badSetters() {
    return Stream.of(b -> b.cpus(0), b -> b.memoryMib(0), b -> b.pids(0), b -> b.resources(null));
  }

  @ParameterizedTest
  @MethodSource("badSetters")
  void builders_rejectWhatResourcesRejects(Consumer<CreateOptions.Builder> set) {
    assertThatThrownBy(() -> set.accept(CreateOptions.builder())).isInstanceOf(RuntimeException.class);
  }
}
