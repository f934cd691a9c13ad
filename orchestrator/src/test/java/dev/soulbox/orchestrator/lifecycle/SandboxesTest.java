package dev.soulbox.orchestrator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.soulbox.grpc.FailedPreconditionException;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.grpc.ResourceExhaustedException;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.runtime.LogLine;
import dev.soulbox.orchestrator.runtime.LogSink;
import dev.soulbox.orchestrator.runtime.ResourceLimits;
import dev.soulbox.orchestrator.runtime.SandboxEndpoint;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxLaunchException;
import dev.soulbox.orchestrator.runtime.SandboxSpec;
import dev.soulbox.orchestrator.runtime.SandboxState;
import dev.soulbox.orchestrator.vnc.VncTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SandboxesTest {
  private final FakeRuntime runtime = new FakeRuntime();
  private final FakeTemplates templates = new FakeTemplates();
  private final Metrics metrics = new Metrics();
  private final ExecutorService pool = Executors.newFixedThreadPool(20);
  private volatile RuntimeException readinessFailure;

  private final ReadinessCheck ready = new ReadinessCheck() {
    @Override
    public void waitUntilReady(ReadinessTarget target) {
      if (readinessFailure != null) {
        throw readinessFailure;
      }
    }

    @Override public ReadinessCheck withTimeout(Duration timeout) { return this; }
    @Override public Duration timeout() { return Duration.ofSeconds(1); }
  };

  private Sandboxes sandboxes(int max) {
    return new Sandboxes(runtime, templates, SandboxSettings.defaults(ready).withMaxSandboxes(max),
        new VncTokens("secret")::tokenFor, metrics);
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void create_resolvesDefaultsAndRecords() {
    Sandboxes sandboxes = sandboxes(5);
    SandboxInstance s = sandboxes.create(new SandboxRequest("", Duration.ZERO, Map.of("k", "v"), Map.of("A", "1"),
        false, ResourceLimits.UNSET));

    assertThat(SandboxIds.isWellFormed(s.sandboxId())).isTrue();
    assertThat(s.template()).isEqualTo("base");
    assertThat(Duration.between(s.startedAt(), s.endAt())).isEqualTo(Duration.ofSeconds(300));
    SandboxSpec spec = runtime.specs.get(0);
    assertThat(spec.resources()).isEqualTo(ResourceLimits.SERVER_DEFAULTS);
    assertThat(spec.accessToken()).hasSize(32);
    assertThat(sandboxes.get(s.sandboxId())).isEqualTo(s);
    assertThat(metrics.render()).contains("soulbox_sandbox_creates_total{result=\"ok\"} 1")
        .contains("soulbox_sandboxes{state=\"running\"} 1");
  }

  @Test
  void create_takesTemplateDefaultsUnderRequest() {
    sandboxes(5).create(new SandboxRequest("desktop", Duration.ZERO, Map.of(), Map.of(), true,
        new ResourceLimits(0, 512, 0)));
    assertThat(runtime.specs.get(0).resources()).isEqualTo(new ResourceLimits(2, 512, 512));
  }

  @Test
  void create_unknownTemplate() {
    assertThatThrownBy(() -> sandboxes(5).create(SandboxRequest.of("nope")))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("template nope does not exist; ListTemplates shows the available ones");
    assertThat(metrics.render()).contains("soulbox_sandbox_creates_total{result=\"error\"} 1");
  }

  @Test
  void create_vncWithoutDesktop() {
    assertThatThrownBy(() -> sandboxes(5).create(new SandboxRequest("base", Duration.ZERO, Map.of(), Map.of(), true,
        null))).isInstanceOf(FailedPreconditionException.class).hasMessageContaining("has no desktop");
  }

  @Test
  void create_neverPassesTheCapUnderConcurrency() throws Exception {
    Sandboxes sandboxes = sandboxes(5);
    runtime.createMillis = 50;
    List<Callable<Object>> creates = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      creates.add(() -> {
        try {
          return sandboxes.create(SandboxRequest.of("base"));
        } catch (ResourceExhaustedException e) {
          return e;
        }
      });
    }
    List<Object> results = new ArrayList<>();
    for (Future<Object> f : pool.invokeAll(creates)) {
      results.add(f.get());
    }
    assertThat(results.stream().filter(r -> r instanceof SandboxInstance)).hasSize(5);
    assertThat(results.stream().filter(r -> r instanceof ResourceExhaustedException)).hasSize(15);
    assertThat(runtime.creates).hasValue(5);
  }

  @Test
  void create_readinessFailureRemovesTheContainerAndFreesTheSlot() {
    Sandboxes sandboxes = sandboxes(1);
    runtime.output = "agent: cannot bind 49983";
    readinessFailure = new SandboxLaunchException("the agent of sandbox x did not answer within 1 s");

    assertThatThrownBy(() -> sandboxes.create(SandboxRequest.of("base")))
        .isInstanceOf(SandboxLaunchException.class)
        .hasMessageContaining("did not answer")
        .hasMessageContaining("agent: cannot bind 49983");
    assertThat(runtime.running).isEmpty();

    readinessFailure = null;
    assertThat(sandboxes.create(SandboxRequest.of("base"))).isNotNull(); // the slot came back
  }

  @Test
  void list_filtersByMetadataAndState() {
    Sandboxes sandboxes = sandboxes(5);
    SandboxInstance a = sandboxes.create(withMetadata(Map.of("team", "a", "run", "1")));
    SandboxInstance b = sandboxes.create(withMetadata(Map.of("team", "b")));
    sandboxes.pause(b.sandboxId());

    assertThat(sandboxes.list(Map.of("team", "a"), Set.of())).extracting(SandboxInstance::sandboxId)
        .containsExactly(a.sandboxId());
    assertThat(sandboxes.list(Map.of(), EnumSet.of(SandboxState.PAUSED))).extracting(SandboxInstance::sandboxId)
        .containsExactly(b.sandboxId());
    assertThat(sandboxes.list(Map.of("team", "a"), EnumSet.of(SandboxState.PAUSED))).isEmpty();
    assertThat(sandboxes.list(Map.of(), Set.of())).hasSize(2);
  }

  @Test
  void pauseAndResume_preconditions() {
    Sandboxes sandboxes = sandboxes(5);
    String id = sandboxes.create(SandboxRequest.of("base")).sandboxId();

    assertThatThrownBy(() -> sandboxes.resume(id, Duration.ZERO)).isInstanceOf(FailedPreconditionException.class)
        .hasMessage("sandbox " + id + " is running, not paused; only a paused sandbox can be resumed");
    assertThat(sandboxes.pause(id).state()).isEqualTo(SandboxState.PAUSED);
    assertThatThrownBy(() -> sandboxes.pause(id)).isInstanceOf(FailedPreconditionException.class)
        .hasMessage("sandbox " + id + " is already paused");
    SandboxInstance resumed = sandboxes.resume(id, Duration.ofSeconds(60));
    assertThat(resumed.state()).isEqualTo(SandboxState.RUNNING);
    assertThat(resumed.endAt()).isBetween(Instant.now().plusSeconds(58), Instant.now().plusSeconds(61));
  }

  @Test
  void setTimeout_validatesAndPersists() {
    Sandboxes sandboxes = sandboxes(5);
    String id = sandboxes.create(SandboxRequest.of("base")).sandboxId();

    assertThatThrownBy(() -> sandboxes.setTimeout(id, Duration.ofSeconds(-1))).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> sandboxes.setTimeout(id, Duration.ofHours(25))).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("above this server's limit of 86400");
    Instant end = sandboxes.setTimeout(id, Duration.ofSeconds(10)).endAt();
    assertThat(runtime.running.get(id).endAt()).isEqualTo(end);
  }

  @Test
  void evictExpired_removesOnlyEndedSandboxes() {
    Sandboxes sandboxes = sandboxes(5);
    List<String> removed = new CopyOnWriteArrayList<>();
    sandboxes.onRemoved(removed::add);
    String ending = sandboxes.create(SandboxRequest.of("base")).sandboxId();
    String staying = sandboxes.create(SandboxRequest.of("base")).sandboxId();
    sandboxes.setTimeout(ending, Duration.ofSeconds(1));

    assertThat(sandboxes.evictExpired(Instant.now().plusSeconds(2))).isEqualTo(1);
    assertThat(removed).containsExactly(ending);
    assertThat(runtime.running).containsOnlyKeys(staying);
    assertThat(sandboxes.find(ending)).isEmpty();
    assertThat(metrics.render()).contains("soulbox_sandbox_evictions_total 1");
  }

  @Test
  void kill_unknownAndMalformed() {
    Sandboxes sandboxes = sandboxes(5);
    assertThatThrownBy(() -> sandboxes.kill("aaaaaaaaaaaaaaaaaaaa")).isInstanceOf(NotFoundException.class)
        .hasMessage("sandbox aaaaaaaaaaaaaaaaaaaa does not exist");
    assertThatThrownBy(() -> sandboxes.kill("Nope!")).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("malformed");
  }

  @Test
  void reconcile_forgetsSandboxesRemovedOutside() {
    Sandboxes sandboxes = sandboxes(5);
    List<String> removed = new CopyOnWriteArrayList<>();
    sandboxes.onRemoved(removed::add);
    String id = sandboxes.create(SandboxRequest.of("base")).sandboxId();
    runtime.running.remove(id);

    sandboxes.reconcile();
    assertThat(removed).containsExactly(id);
    assertThat(sandboxes.list(Map.of(), Set.of())).isEmpty();
  }

  @Test
  void restore_adoptsWhatTheRuntimeRuns() {
    Sandboxes first = sandboxes(5);
    SandboxInstance s = first.create(new SandboxRequest("desktop", Duration.ZERO, Map.of(), Map.of(), true, null));

    Sandboxes second = sandboxes(5);
    second.restore();
    assertThat(second.get(s.sandboxId()).endAt()).isEqualTo(s.endAt());
    String token = second.vncToken(s).orElseThrow();
    assertThat(token).isEqualTo(first.vncToken(s).orElseThrow());
    assertThat(second.findByVncToken(token)).map(SandboxEndpoint::sandboxId).contains(s.sandboxId());
  }

  @Test
  void exposePort_validatesRange() {
    Sandboxes sandboxes = sandboxes(5);
    String id = sandboxes.create(SandboxRequest.of("base")).sandboxId();
    assertThatThrownBy(() -> sandboxes.exposePort(id, 0)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> sandboxes.exposePort(id, 65536)).isInstanceOf(InvalidArgumentException.class);
    assertThat(sandboxes.exposePort(id, 8080).exposedPorts()).containsExactly(8080);
  }

  @Test
  void logs_mergeLifecycleAndOutput() {
    Sandboxes sandboxes = sandboxes(5);
    runtime.output = "hello\nworld";
    String id = sandboxes.create(SandboxRequest.of("base")).sandboxId();
    sandboxes.pause(id);
    List<LogLine> lines = new CopyOnWriteArrayList<>();
    sandboxes.logs(id, false, new LogSink() {
      @Override public void accept(LogLine line) { lines.add(line); }
      @Override public void end(Throwable error) { }
    });
    assertThat(lines).extracting(LogLine::message).containsExactlyInAnyOrder(
        "created from template base, ends at " + sandboxes.get(id).endAt(), "paused", "hello", "world");
  }

  private static SandboxRequest withMetadata(Map<String, String> metadata) {
    return new SandboxRequest("base", Duration.ZERO, metadata, Map.of(), false, null);
  }
}
