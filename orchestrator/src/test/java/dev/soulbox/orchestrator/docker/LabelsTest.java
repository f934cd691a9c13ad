package dev.soulbox.orchestrator.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.soulbox.orchestrator.runtime.SandboxSpec;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelsTest {
  @Test
  void forSandbox_roundTrips() {
    Instant started = Instant.parse("2026-01-02T03:04:05.123456789Z");
    SandboxSpec spec = SandboxSpec.builder("abcdefghij0123456789", "desktop")
        .accessToken("t")
        .metadata(Map.of("team", "a", "run.id", "42", "empty", ""))
        .vnc(true)
        .startedAt(started)
        .endAt(started.plusSeconds(300))
        .build();

    Map<String, String> labels = new HashMap<>(Labels.forSandbox(spec, "test-scope"));
    labels.put("dev.soulbox.template.hash", "inherited from the image"); // image labels end up on containers too
    Labels.SandboxLabels parsed = Labels.parse(labels);

    assertThat(parsed).isEqualTo(new Labels.SandboxLabels("abcdefghij0123456789", "desktop", started,
        started.plusSeconds(300), Map.of("team", "a", "run.id", "42", "empty", ""), true, "test-scope"));
  }

  @Test
  void forSandbox_writesTheDocumentedLabels() {
    SandboxSpec spec = SandboxSpec.builder("abcdefghij0123456789", "base").accessToken("secret-token")
        .metadata(Map.of("k", "v")).startedAt(Instant.EPOCH).endAt(Instant.EPOCH.plusSeconds(1)).build();
    assertThat(Labels.forSandbox(spec, "default"))
        .containsEntry("dev.soulbox.sandbox-id", "abcdefghij0123456789")
        .containsEntry("dev.soulbox.template", "base")
        .containsEntry("dev.soulbox.started-at", "1970-01-01T00:00:00Z")
        .containsEntry("dev.soulbox.end-at", "1970-01-01T00:00:01Z")
        .containsEntry("dev.soulbox.metadata.k", "v")
        .containsEntry("dev.soulbox.vnc", "false")
        .doesNotContainValue("secret-token");
  }

  @Test
  void parse_ignoresNonSandboxes() {
    assertThat(Labels.parse(Map.of("dev.soulbox.template", "base"))).isNull();
    assertThat(Labels.parse(null)).isNull();
  }
}
