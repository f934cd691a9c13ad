package dev.soulbox.it.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.soulbox.it.orchestrator.OrchestratorProcess;
import dev.soulbox.sdk.CreateOptions;
import dev.soulbox.sdk.LogEntry;
import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SandboxInfo;
import dev.soulbox.sdk.SoulBox;
import dev.soulbox.sdk.SoulBoxException;
import dev.soulbox.sdk.TemplateInfo;
import dev.soulbox.sdk.TemplateSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The warm pool of a real orchestrator process on the real Docker engine: a create takes a started
 * sandbox and makes it the request's, nothing of the pool's start or of an earlier tenant is left
 * in it, a miss starts one cold, the cap holds, and a crashed orchestrator's pool is cleaned up.
 */
class WarmPoolIT {
  private static final int POOL = 2;
  private static final int MAX = 4;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** Memory bytes, pids and "cpu-quota period" as the sandbox's cgroup holds them (cgroup v2 or v1). */
  private static final String KERNEL_LIMITS = "if [ -f /sys/fs/cgroup/memory.max ]; then"
      + " cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max /sys/fs/cgroup/cpu.max; else"
      + " cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max;"
      + " echo \"$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) $(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)\"; fi";

  private static OrchestratorProcess orchestrator;
  private static SoulBox client;

  @BeforeAll
  static void start() {
    orchestrator = OrchestratorProcess.startOrSkip("--pool", "base=" + POOL, "--max-sandboxes", String.valueOf(MAX));
    client = orchestrator.client();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (orchestrator != null) {
      orchestrator.close();
    }
  }

  @BeforeEach
  void poolIsFull() {
    awaitPool(POOL);
  }

  @AfterEach
  void killEverySandbox() {
    client.list().forEach(s -> client.connect(s.sandboxId()).kill());
  }

  @Test
  void create_takesAPooledSandbox_andGivesItEverythingOfTheRequest() throws Exception {
    Set<String> waiting = unclaimedPoolIds();
    long hits = counter("soulbox_pool_claims_total{template=\"base\",result=\"hit\"}");
    Instant before = Instant.now();

    Sandbox sandbox = client.create(CreateOptions.builder().timeout(Duration.ofSeconds(120))
        .metadata("tenant", "ada").env("GREETING", "hello from the request").cpus(0.5).memoryMib(256).pids(100).build());

    assertThat(waiting).as("the sandbox came from the pool").contains(sandbox.id());
    assertThat(counter("soulbox_pool_claims_total{template=\"base\",result=\"hit\"}")).isEqualTo(hits + 1);
    SandboxInfo info = sandbox.info();
    assertThat(info.metadata()).isEqualTo(Map.of("tenant", "ada"));
    assertThat(info.startedAt()).isAfterOrEqualTo(before.minusSeconds(1));
    assertThat(Duration.between(info.startedAt(), info.endAt())).isEqualTo(Duration.ofSeconds(120));
    assertThat(info.cpus()).isEqualTo(0.5);
    assertThat(info.memoryMib()).isEqualTo(256);
    assertThat(client.list()).extracting(SandboxInfo::sandboxId).containsExactly(sandbox.id());
    assertThat(sandbox.logs()).extracting(LogEntry::message)
        .anyMatch(m -> m.startsWith("created from template base (taken from the warm pool)"));

    assertThat(run(sandbox, "printenv GREETING")).isEqualTo("hello from the request\n");
    assertThat(run(sandbox, "hostname")).isEqualTo(sandbox.id() + "\n");
    assertThat(run(sandbox, "whoami")).isEqualTo("user\n");
    assertThat(run(sandbox, KERNEL_LIMITS)).as("the kernel's limits, changed at claim")
        .isEqualTo((256 << 20) + "\n100\n50000 100000\n");

    awaitPool(POOL); // refilled behind the claim
    assertThat(unclaimedPoolIds()).doesNotContain(sandbox.id());
  }

  @Test
  void claimedSandbox_keepsNothingOfThePoolsStart() throws Exception {
    Sandbox sandbox = client.create();
    String poolToken = containerEnv(sandbox.id()).get("SOULBOX_ACCESS_TOKEN");
    String token = sandbox.accessToken().orElseThrow();
    assertThat(poolToken).isNotBlank().isNotEqualTo(token);

    int agentPort = agentPort(sandbox.id());
    assertThat(envs(agentPort, poolToken).statusCode()).as("the pool's token no longer opens the agent").isEqualTo(401);
    HttpResponse<String> envs = envs(agentPort, token);
    assertThat(envs.statusCode()).isEqualTo(200);
    assertThat(envs.body()).doesNotContain(poolToken);

    assertThat(run(sandbox, "env")).doesNotContain(poolToken).doesNotContain("SOULBOX_ACCESS_TOKEN");
    assertThat(run(sandbox, "ls -A /tmp")).isEmpty();
    assertThat(run(sandbox, "ps -e -o comm= | sort | tr '\\n' ' '"))
        .as("only the init, its supervisor, the agent and this command run")
        .isEqualTo("bash java ps runsv runsvdir sort soulbox-init tini tr ");
  }

  @Test
  void tenantsOfTheSamePool_shareNothing() throws Exception {
    Sandbox first = client.create();
    run(first, "echo secret > /tmp/first.txt; echo mine > ~/first.txt; (setsid sleep 600 >/dev/null 2>&1 &)");
    String firstToken = first.accessToken().orElseThrow();
    first.kill();
    awaitPool(POOL);

    Sandbox second = client.create();
    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(run(second, "ls -A /tmp; ls ~; pgrep -x sleep || echo no-sleep")).isEqualTo("no-sleep\n");
    assertThat(envs(agentPort(second.id()), firstToken).statusCode()).as("the first tenant's token").isEqualTo(401);
  }

  @Test
  void createsBeyondWhatWaits_startCold() throws Exception {
    long hits = counter("soulbox_pool_claims_total{template=\"base\",result=\"hit\"}");
    long misses = counter("soulbox_pool_claims_total{template=\"base\",result=\"miss\"}");
    List<CompletableFuture<Sandbox>> creates = new ArrayList<>();
    for (int i = 0; i < POOL + 1; i++) {
      creates.add(CompletableFuture.supplyAsync(() -> client.create()));
    }
    for (CompletableFuture<Sandbox> create : creates) {
      assertThat(run(create.get(120, TimeUnit.SECONDS), "echo ran")).isEqualTo("ran\n");
    }
    long newHits = counter("soulbox_pool_claims_total{template=\"base\",result=\"hit\"}") - hits;
    long newMisses = counter("soulbox_pool_claims_total{template=\"base\",result=\"miss\"}") - misses;
    assertThat(newHits + newMisses).isEqualTo(POOL + 1);
    assertThat(newMisses).isGreaterThanOrEqualTo(1);
  }

  @Test
  void poolAndSandboxes_stayUnderTheCap() throws Exception {
    List<Sandbox> sandboxes = new ArrayList<>();
    for (int i = 0; i < MAX; i++) {
      sandboxes.add(client.create()); // the last ones take the slots of waiting sandboxes
    }
    assertThat(OrchestratorProcess.Docker.containersOf(orchestrator.scope())).hasSize(MAX);
    assertThatThrownBy(() -> client.create()).isInstanceOf(SoulBoxException.class)
        .hasMessageContaining("at most " + MAX + " sandboxes");
    for (Sandbox s : sandboxes) {
      assertThat(run(s, "echo ok")).isEqualTo("ok\n");
    }
    sandboxes.get(0).kill();
    awaitPool(1); // the freed slot goes back to the pool
    assertThat(OrchestratorProcess.Docker.containersOf(orchestrator.scope())).hasSize(MAX);
  }

  @Test
  void crashedOrchestrator_keepsClaimedSandboxes_andItsSuccessorRemovesThePoolsOwn() throws Exception {
    Sandbox claimed = client.create(CreateOptions.builder().metadata("tenant", "grace").env("GREETING", "still here")
        .timeout(Duration.ofSeconds(300)).build());
    awaitPool(POOL);
    SandboxInfo before = claimed.info();
    Set<String> waiting = unclaimedPoolIds();

    orchestrator.restart(true);

    SandboxInfo after = client.connect(claimed.id()).info();
    assertThat(after.metadata()).isEqualTo(before.metadata());
    assertThat(after.startedAt()).isEqualTo(before.startedAt());
    assertThat(after.endAt()).isEqualTo(before.endAt());
    assertThat(client.list()).extracting(SandboxInfo::sandboxId).containsExactly(claimed.id());
    Sandbox reconnected = client.connect(claimed.id());
    assertThat(reconnected.accessToken()).isEqualTo(claimed.accessToken());
    assertThat(run(reconnected, "printenv GREETING")).isEqualTo("still here\n");
    assertThat(envs(agentPort(claimed.id()), claimed.accessToken().orElseThrow()).statusCode()).isEqualTo(200);

    Set<String> containers = sandboxIdsOfScope();
    assertThat(containers).as("the crashed run's pool was removed").doesNotContainAnyElementsOf(waiting);
    awaitPool(POOL);
    assertThat(orchestrator.logText()).contains("of an earlier run removed");
  }

  @Test
  void templateBuiltWithAPool_hasItsSandboxesWaiting_untilItIsDeleted() throws Exception {
    String name = "pool-it-" + Long.toString(System.nanoTime(), 36);
    try {
      TemplateInfo built = client.templates().build(TemplateSpec.builder(name, "FROM soulbox/base\nRUN echo pooled > /etc/pooled\n")
          .poolSize(1).build(), line -> {});
      assertThat(built.poolSize()).isEqualTo(1);
      assertThat(client.templates().list()).filteredOn(t -> t.name().equals(name)).extracting(TemplateInfo::poolSize)
          .containsExactly(1);
      awaitPool(name, 1);
      long hits = counter("soulbox_pool_claims_total{template=\"" + name + "\",result=\"hit\"}");

      Sandbox sandbox = client.create(CreateOptions.builder().template(name).build());
      assertThat(counter("soulbox_pool_claims_total{template=\"" + name + "\",result=\"hit\"}")).isEqualTo(hits + 1);
      assertThat(run(sandbox, "cat /etc/pooled")).isEqualTo("pooled\n");
      sandbox.kill();
      awaitPool(name, 1);

      client.templates().delete(name); // the pool's sandbox goes first, or the image would be in use
      assertThat(client.templates().list()).extracting(TemplateInfo::name).doesNotContain(name);
      assertThat(counter("soulbox_pool_target{template=\"" + name + "\"}")).isZero();
      assertThat(docker("ps", "-a", "--filter", "ancestor=soulbox/" + name, "--format", "{{.ID}}")).isBlank();
    } finally {
      docker("rmi", "-f", "soulbox/" + name + ":latest");
    }
  }

  private static String run(Sandbox sandbox, String command) {
    return sandbox.commands().run(command).orThrow().stdout();
  }

  /** Waits until {@code n} pooled sandboxes wait, as the orchestrator's metrics say. */
  private static void awaitPool(int n) {
    awaitPool("base", n);
  }

  private static void awaitPool(String template, int n) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .until(() -> counter("soulbox_pool_sandboxes{template=\"" + template + "\"}") == n);
  }

  private static long counter(String series) throws IOException, InterruptedException {
    HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + orchestrator.httpPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.]+)$").matcher(metrics.body());
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }

  /** Sandboxes of the scope that are pooled and not listed: waiting to be claimed. */
  private static Set<String> unclaimedPoolIds() {
    Set<String> listed = client.list().stream().map(SandboxInfo::sandboxId).collect(Collectors.toSet());
    return docker("ps", "--filter", "label=dev.soulbox.scope=" + orchestrator.scope(), "--filter",
        "label=dev.soulbox.pool", "--format", "{{.Label \"dev.soulbox.sandbox-id\"}}").lines()
        .filter(id -> !id.isBlank() && !listed.contains(id)).collect(Collectors.toSet());
  }

  private static Set<String> sandboxIdsOfScope() {
    return docker("ps", "-a", "--filter", "label=dev.soulbox.scope=" + orchestrator.scope(), "--format",
        "{{.Label \"dev.soulbox.sandbox-id\"}}").lines().filter(id -> !id.isBlank()).collect(Collectors.toSet());
  }

  private static Map<String, String> containerEnv(String sandboxId) {
    return docker("inspect", "--format", "{{range .Config.Env}}{{println .}}{{end}}", "soulbox-" + sandboxId).lines()
        .filter(l -> l.contains("=")).collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')),
            l -> l.substring(l.indexOf('=') + 1), (a, b) -> b));
  }

  private static int agentPort(String sandboxId) {
    String mapping = docker("port", "soulbox-" + sandboxId, "49983/tcp").lines().findFirst().orElseThrow();
    return Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1).strip());
  }

  /** envd's {@code GET /envs} straight on the agent's published port, with {@code token}. */
  private static HttpResponse<String> envs(int agentPort, String token) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agentPort + "/envs"))
        .header("X-Access-Token", token).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String docker(String... args) {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
