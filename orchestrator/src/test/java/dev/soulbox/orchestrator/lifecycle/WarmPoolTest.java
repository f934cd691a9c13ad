package dev.soulbox.orchestrator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.grpc.ResourceExhaustedException;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.runtime.EgressPolicy;
import dev.soulbox.orchestrator.runtime.ResourceLimits;
import dev.soulbox.orchestrator.runtime.SandboxClaim;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxLaunchException;
import dev.soulbox.orchestrator.runtime.SandboxSpec;
import dev.soulbox.orchestrator.runtime.Template;
import dev.soulbox.orchestrator.templates.Templates;
import dev.soulbox.orchestrator.vnc.VncTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The warm pool's bookkeeping in the lifecycle: what is claimed, what falls back, what the cap allows. */
class WarmPoolTest {
  private final FakeRuntime runtime = new FakeRuntime();
  private final Metrics metrics = new Metrics();
  private final RecordingInit init = new RecordingInit();
  private final FakeTemplates store = new FakeTemplates();
  private volatile long hostAvailable = 16L << 30;
  private Sandboxes sandboxes;

  /** What the agents were told, and a switch to make them refuse. */
  static final class RecordingInit implements AgentInit {
    record Call(String sandboxId, String oldToken, String newToken, Map<String, String> env) {}

    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile boolean refuse;

    @Override
    public void init(SandboxInstance sandbox, String accessToken, Map<String, String> envVars) {
      if (refuse) {
        throw new SandboxLaunchException("the agent of sandbox " + sandbox.sandboxId() + " refused its init");
      }
      calls.add(new Call(sandbox.sandboxId(), sandbox.accessToken(), accessToken, envVars));
    }
  }

  private Sandboxes start(int max, Map<String, Integer> pool) {
    sandboxes = new Sandboxes(runtime, store, SandboxSettings.defaults(FakeRuntime.alwaysReady())
        .withMaxSandboxes(max).withPool(pool, init), new VncTokens("secret")::tokenFor, metrics, () -> hostAvailable);
    sandboxes.restore();
    sandboxes.fillWarmPool();
    return sandboxes;
  }

  @AfterEach
  void close() {
    if (sandboxes != null) {
      sandboxes.close();
    }
  }

  private List<SandboxSpec> pooledSpecs() {
    return runtime.specs.stream().filter(SandboxSpec::pooled).toList();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Test
  void fills_toItsSize_unlisted() throws Exception {
    start(10, Map.of("base", 3, "desktop", 1));
    await("pool filled", () -> runtime.unclaimed.size() == 4);
    Thread.sleep(100); // and no further
    assertThat(runtime.running).hasSize(4);
    assertThat(pooledSpecs()).extracting(SandboxSpec::template).containsOnly("base", "desktop");
    assertThat(sandboxes.list(Map.of(), Set.of())).isEmpty();
    assertThat(metrics.render()).contains("soulbox_pool_sandboxes{template=\"base\"} 3")
        .contains("soulbox_pool_sandboxes{template=\"desktop\"} 1").contains("soulbox_pool_target{template=\"base\"} 3");
    SandboxSpec desktop = pooledSpecs().stream().filter(s -> s.template().equals("desktop")).findFirst().orElseThrow();
    assertThat(desktop.vnc()).isTrue();
    assertThat(desktop.resources()).isEqualTo(new ResourceLimits(2, 2048, 512));
  }

  private long pooledOf(String template) {
    return runtime.unclaimed.stream().filter(id -> runtime.running.get(id).template().equals(template)).count();
  }

  @Test
  void templatesOwnSetting_isThePoolSize_unlessTheServerSetsOne() throws Exception {
    start(20, Map.of("heavy", 0));
    Templates templates = new Templates(store, runtime::capacity, sandboxes);
    await("base's own pool", () -> pooledOf("base") == Template.BASE_POOL_SIZE);

    Template tools = templates.build("tools", "FROM soulbox/base", null, ResourceLimits.UNSET, 3, line -> {});
    templates.build("heavy", "FROM soulbox/base", null, ResourceLimits.UNSET, 4, line -> {});
    await("tools' pool", () -> pooledOf("tools") == 3);
    Thread.sleep(100);
    assertThat(pooledOf("heavy")).as("the server's heavy=0 wins").isZero();
    assertThat(templates.poolSizeOf(tools)).isEqualTo(3);
    assertThat(metrics.render()).contains("soulbox_pool_target{template=\"tools\"} 3")
        .contains("soulbox_pool_target{template=\"heavy\"} 0");
    sandboxes.create(new SandboxRequest("tools", Duration.ZERO, Map.of(), Map.of(), false, null));
    assertThat(runtime.specs).filteredOn(spec -> !spec.pooled()).isEmpty();
  }

  @Test
  void rebuildingATemplate_replacesItsWaitingSandboxes_andTakesItsNewSize() throws Exception {
    start(20, Map.of("base", 0));
    Templates templates = new Templates(store, runtime::capacity, sandboxes);
    templates.build("tools", "FROM soulbox/base", null, ResourceLimits.UNSET, 2, line -> {});
    await("tools' pool", () -> pooledOf("tools") == 2);
    Set<String> before = Set.copyOf(runtime.unclaimed);

    templates.build("tools", "FROM soulbox/base\nRUN true", null, ResourceLimits.UNSET, 1, line -> {});
    await("rebuilt pool", () -> pooledOf("tools") == 1 && runtime.unclaimed.stream().noneMatch(before::contains));
    Thread.sleep(100);
    assertThat(pooledOf("tools")).isEqualTo(1);
  }

  @Test
  void deletingATemplate_removesItsPoolFirst() throws Exception {
    start(20, Map.of("base", 0));
    Templates templates = new Templates(store, runtime::capacity, sandboxes);
    templates.build("tools", "FROM soulbox/base", null, ResourceLimits.UNSET, 2, line -> {});
    await("tools' pool", () -> pooledOf("tools") == 2);

    templates.delete("tools");
    assertThat(runtime.running).isEmpty();
    assertThat(store.find("tools")).isEmpty();
    Thread.sleep(100);
    assertThat(runtime.running).as("nothing started again for a deleted template").isEmpty();
  }

  @Test
  void aPoolLargerThanTheCap_isRefusedAtBuild() {
    start(5, Map.of("base", 0));
    Templates templates = new Templates(store, runtime::capacity, sandboxes);
    assertThatThrownBy(() -> templates.build("tools", "FROM soulbox/base", null, ResourceLimits.UNSET, 6, line -> {}))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("pool_size 6 is out of range: 0 to 5");
    assertThat(store.find("tools")).isEmpty();
  }

  @Test
  void create_claimsAPooledSandbox_withEverythingOfTheRequest() throws Exception {
    start(10, Map.of("base", 2));
    await("pool filled", () -> runtime.unclaimed.size() == 2);
    EgressPolicy policy = EgressPolicy.of(false, List.of(), List.of());
    SandboxInstance s = sandboxes.create(new SandboxRequest("base", Duration.ofSeconds(90), Map.of("owner", "ada"),
        Map.of("GREETING", "hi"), false, new ResourceLimits(0.5, 256, 64), policy));

    assertThat(runtime.specs).filteredOn(spec -> !spec.pooled()).isEmpty(); // no cold start
    SandboxClaim claim = runtime.claims.get(0);
    assertThat(claim.sandboxId()).isEqualTo(s.sandboxId());
    assertThat(s.metadata()).isEqualTo(Map.of("owner", "ada"));
    assertThat(claim.resources()).isEqualTo(new ResourceLimits(0.5, 256, 64));
    assertThat(claim.egress()).isEqualTo(policy);
    assertThat(Duration.between(s.startedAt(), s.endAt())).isEqualTo(Duration.ofSeconds(90));
    RecordingInit.Call call = init.calls.get(0);
    assertThat(call.sandboxId()).isEqualTo(s.sandboxId());
    assertThat(call.env()).isEqualTo(Map.of("GREETING", "hi"));
    assertThat(call.newToken()).isEqualTo(s.accessToken()).isNotEqualTo(call.oldToken());
    assertThat(sandboxes.list(Map.of(), Set.of())).extracting(SandboxInstance::sandboxId).containsExactly(s.sandboxId());
    await("pool refilled", () -> runtime.unclaimed.size() == 2);
    assertThat(metrics.render()).contains("soulbox_pool_claims_total{template=\"base\",result=\"hit\"} 1");
  }

  @Test
  void create_ofATemplateWithoutPool_startsCold() throws Exception {
    start(10, Map.of("base", 1));
    await("pool filled", () -> runtime.unclaimed.size() == 1);
    SandboxInstance s = sandboxes.create(new SandboxRequest("desktop", Duration.ZERO, Map.of(), Map.of(), true, null));
    assertThat(runtime.claims).isEmpty();
    assertThat(runtime.specs).filteredOn(spec -> !spec.pooled()).extracting(SandboxSpec::sandboxId)
        .containsExactly(s.sandboxId());
  }

  @Test
  void create_whenThePoolIsEmpty_fallsBackToACold_start() {
    hostAvailable = 0; // the pool cannot fill
    start(10, Map.of("base", 2));
    SandboxInstance s = sandboxes.create(SandboxRequest.of("base"));
    assertThat(runtime.claims).isEmpty();
    assertThat(runtime.specs).extracting(SandboxSpec::sandboxId).containsExactly(s.sandboxId());
    assertThat(metrics.render()).contains("soulbox_pool_claims_total{template=\"base\",result=\"miss\"} 1");
  }

  @Test
  void create_whosePooledSandboxRefusesItsInit_removesItAndStartsCold() throws Exception {
    start(10, Map.of("base", 1));
    await("pool filled", () -> runtime.unclaimed.size() == 1);
    String pooled = runtime.unclaimed.iterator().next();
    init.refuse = true;
    SandboxInstance s = sandboxes.create(SandboxRequest.of("base"));
    assertThat(s.sandboxId()).isNotEqualTo(pooled);
    assertThat(runtime.running).doesNotContainKey(pooled);
    assertThat(runtime.specs).filteredOn(spec -> !spec.pooled()).hasSize(1);
  }

  @Test
  void pool_neverTakesSlotsPastTheCap_andGivesThemUpToCreates() throws Exception {
    start(3, Map.of("base", 2, "desktop", 2));
    await("pool filled to the cap", () -> runtime.unclaimed.size() == 3);
    Thread.sleep(100);
    assertThat(runtime.running).hasSize(3);

    // a create of a template whose pool is empty takes the slot of a waiting sandbox
    sandboxes.create(SandboxRequest.of("base"));
    sandboxes.create(new SandboxRequest("desktop", Duration.ZERO, Map.of(), Map.of(), true, null));
    sandboxes.create(new SandboxRequest("desktop", Duration.ZERO, Map.of(), Map.of(), true, null));
    assertThat(runtime.running).hasSize(3);
    assertThat(runtime.unclaimed).isEmpty();
    assertThatThrownBy(() -> sandboxes.create(SandboxRequest.of("base")))
        .isInstanceOf(ResourceExhaustedException.class).hasMessageContaining("at most 3 sandboxes");

    // a freed slot goes back to the pool
    sandboxes.kill(sandboxes.list(Map.of(), Set.of()).get(0).sandboxId());
    await("pool refilled into the freed slot", () -> runtime.unclaimed.size() == 1);
    assertThat(runtime.running).hasSize(3);
  }

  @Test
  void pool_waitsWhileTheHostIsShortOfMemory() throws Exception {
    hostAvailable = 1L << 30; // a base sandbox (1 GiB limit) and the reserve do not fit
    start(10, Map.of("base", 2));
    Thread.sleep(200);
    assertThat(runtime.unclaimed).isEmpty();
    hostAvailable = 16L << 30;
    await("pool filled once memory is there (checked every few seconds)", () -> runtime.unclaimed.size() == 2);
  }

  @Test
  void restore_removesUnclaimedSandboxesOfAnEarlierRun_andClose_removesItsOwn() throws Exception {
    start(10, Map.of("base", 2));
    await("pool filled", () -> runtime.unclaimed.size() == 2);
    SandboxInstance claimed = sandboxes.create(SandboxRequest.of("base"));
    await("pool refilled", () -> runtime.unclaimed.size() == 2);
    Set<String> earlier = Set.copyOf(runtime.unclaimed);

    // an orchestrator that starts again on the same runtime, with no pool of its own
    Sandboxes restarted = new Sandboxes(runtime, new FakeTemplates(), SandboxSettings.defaults(FakeRuntime.alwaysReady()),
        new VncTokens("secret")::tokenFor, new Metrics());
    restarted.restore();
    restarted.fillWarmPool();
    assertThat(runtime.running.keySet()).doesNotContainAnyElementsOf(earlier).contains(claimed.sandboxId());
    assertThat(restarted.list(Map.of(), Set.of())).extracting(SandboxInstance::sandboxId)
        .containsExactly(claimed.sandboxId());

    sandboxes.close();
    assertThat(runtime.running.keySet()).containsExactly(claimed.sandboxId());
  }
}
