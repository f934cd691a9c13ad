package dev.soulbox.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.soulbox.proto.agent.v1.FilesGrpc;
import dev.soulbox.proto.orchestrator.v1.CreateSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.KillSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.PortMapping;
import dev.soulbox.proto.orchestrator.v1.Resources;
import dev.soulbox.proto.orchestrator.v1.Sandbox;
import dev.soulbox.proto.orchestrator.v1.SandboxServiceGrpc;
import dev.soulbox.proto.process.ListRequest;
import dev.soulbox.proto.process.ProcessConfig;
import dev.soulbox.proto.process.ProcessGrpc;
import dev.soulbox.proto.process.StartRequest;
import dev.soulbox.proto.process.StartResponse;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Measures sandboxes on the real Docker engine, side by side in one run: create → first command
 * cold and from the warm pool (one after the other, and many at once) against {@code docker run},
 * the pool's refill, a process round trip through the proxy against {@code docker exec}, the
 * proxy's overhead against the agent's own port, and the memory of idle sandboxes. Prints a
 * Markdown table.
 *
 * <pre>java -cp benchmarks/target/soulbox-benchmarks.jar dev.soulbox.bench.SandboxBenchmark ORCHESTRATOR_JAR [IDLE_SANDBOXES]</pre>
 */
public final class SandboxBenchmark {
  private static final int CREATES = 10;
  private static final int ROUND_TRIPS = 500;
  private static final int EXECS = 100;
  private static final int BURST = 20;
  private static final int SEQUENTIAL = 50;
  private static final long THROUGHPUT_BYTES = 1L << 30;

  private final List<String[]> rows = new ArrayList<>();
  private final DockerClient docker = DockerClientImpl.getInstance(DefaultDockerClientConfig.createDefaultConfigBuilder().build(),
      new ZerodepDockerHttpClient.Builder().dockerHost(DefaultDockerClientConfig.createDefaultConfigBuilder().build().getDockerHost()).build());
  private SandboxServiceGrpc.SandboxServiceBlockingStub admin;
  private Stats dockerRun;
  private Stats coldCreate;

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: SandboxBenchmark ORCHESTRATOR_JAR [IDLE_SANDBOXES]");
      System.exit(2);
    }
    int idle = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    new SandboxBenchmark().run(Path.of(args[0]), idle);
  }

  private void run(Path jar, int idle) throws Exception {
    // without a pool: cold creates, and idle memory that counts only the sandboxes created
    String only = System.getProperty("bench.only", "all");
    try (LaunchedOrchestrator orchestrator = new LaunchedOrchestrator(jar, idle + 5, "--pool", "base=0")) {
      admin = adminOf(orchestrator);
      try {
        dockerRunBaseline();
        if (selected(only, "cold")) {
          createToFirstCommand(orchestrator.channel);
        }
        if (selected(only, "proxy")) {
          roundTrips(orchestrator.channel);
        }
        if (selected(only, "throughput")) {
          throughput(orchestrator.channel);
        }
        if (selected(only, "memory")) {
          idleMemory(idle);
        }
      } finally {
        sweep(orchestrator.scope);
      }
    }
    if (selected(only, "pool")) {
      try (LaunchedOrchestrator orchestrator = new LaunchedOrchestrator(jar, 2 * BURST + 5, "--pool", "base=" + BURST)) {
        admin = adminOf(orchestrator);
        try {
          burstFromPool(orchestrator);
          sequentialFromPool(orchestrator);
        } finally {
          sweep(orchestrator.scope);
        }
      }
    }
    print();
  }

  /** -Dbench.only=cold,proxy,throughput,memory,pool runs a subset (the `docker run` baseline always runs). */
  private static boolean selected(String only, String name) {
    return only.equals("all") || List.of(only.split(",")).contains(name);
  }

  private static SandboxServiceGrpc.SandboxServiceBlockingStub adminOf(LaunchedOrchestrator orchestrator) {
    return SandboxServiceGrpc.newBlockingStub(orchestrator.channel)
        .withInterceptors(LaunchedOrchestrator.headers("x-api-key", LaunchedOrchestrator.API_KEY));
  }

  private Sandbox create() {
    return admin.createSandbox(CreateSandboxRequest.newBuilder().setTemplate("base").setTimeoutSeconds(900).build());
  }

  private void kill(Sandbox s) {
    admin.killSandbox(KillSandboxRequest.newBuilder().setSandboxId(s.getSandboxId()).build());
  }

  private static ClientInterceptor viaProxy(Sandbox s) {
    return LaunchedOrchestrator.headers("sandbox-id", s.getSandboxId(), "x-access-token", s.getEnvdAccessToken());
  }

  private static void runTrue(ProcessGrpc.ProcessBlockingStub process) {
    Iterator<StartResponse> events = process.start(StartRequest.newBuilder()
        .setProcess(ProcessConfig.newBuilder().setCmd("/bin/true")).setStdin(false).build());
    while (events.hasNext()) {
      events.next();
    }
  }

  private void createToFirstCommand(ManagedChannel channel) {
    kill(create()); // the first create after start warms the orchestrator's JIT and the image cache
    long[] samples = new long[CREATES];
    for (int i = 0; i < CREATES; i++) {
      samples[i] = time(() -> kill(createAndRunFirstCommand(channel)));
    }
    coldCreate = Stats.ofNanos(samples);
    row("cold create → first command finished (no pool: a new container each time)", whole(coldCreate),
        String.format("%.1f× the `docker run --rm` of the image (p50)", coldCreate.p50() / dockerRun.p50()));
  }

  /** Creates a sandbox and runs {@code /bin/true} in it through the proxy: what a user waits for. */
  private Sandbox createAndRunFirstCommand(ManagedChannel channel) {
    Sandbox s = create();
    runTrue(ProcessGrpc.newBlockingStub(channel).withInterceptors(viaProxy(s)));
    return s;
  }

  /** The floor of any container-per-sandbox platform: Docker creating, starting and removing one. */
  private void dockerRunBaseline() {
    long[] samples = new long[CREATES];
    for (int i = 0; i < CREATES; i++) {
      samples[i] = time(() -> command("docker", "run", "--rm", "--network", "none", "--entrypoint", "/bin/true",
          "soulbox/base:latest"));
    }
    dockerRun = Stats.ofNanos(samples);
    row("`docker run --rm` of `soulbox/base` with `/bin/true` (the baseline)", whole(dockerRun), "");
  }

  /** {@value #BURST} creates at once from a full pool of {@value #BURST}, then the pool refilling behind them. */
  private void burstFromPool(LaunchedOrchestrator orchestrator) throws Exception {
    awaitPool(orchestrator, BURST);
    kill(createAndRunFirstCommand(orchestrator.channel)); // warms the orchestrator's JIT
    awaitPool(orchestrator, BURST);
    double hits = hits(orchestrator);
    double refills = orchestrator.metric("soulbox_pool_refill_seconds_count");
    double refillSum = orchestrator.metric("soulbox_pool_refill_seconds_sum");
    ExecutorService threads = Executors.newFixedThreadPool(BURST);
    List<Future<Sandbox>> creates = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < BURST; i++) {
      creates.add(threads.submit(() -> createAndRunFirstCommand(orchestrator.channel)));
    }
    List<Sandbox> sandboxes = new ArrayList<>();
    for (Future<Sandbox> f : creates) {
      sandboxes.add(f.get());
    }
    long allRan = System.nanoTime() - t0;
    threads.shutdown();
    row(BURST + " creates at once from a pool of " + BURST + ": until all have run their first command",
        String.format("%.0f ms", allRan / 1e6), String.format("%.0f of %d from the pool", hits(orchestrator) - hits, BURST));
    awaitPool(orchestrator, BURST);
    long refilled = System.nanoTime() - t0;
    double started = orchestrator.metric("soulbox_pool_refill_seconds_count") - refills;
    double eachSeconds = (orchestrator.metric("soulbox_pool_refill_seconds_sum") - refillSum) / started;
    row("the pool refilling those " + BURST + " (2 starts at a time)",
        String.format("%.1f s, %.1f sandboxes/s", refilled / 1e9, BURST / (refilled / 1e9)),
        String.format("%.0f ms per pooled sandbox until its agent answers (mean of %.0f)", eachSeconds * 1000, started));
    sandboxes.forEach(this::kill);
  }

  /** {@value #SEQUENTIAL} creates one after the other, each on a full pool, as the clouds are measured. */
  private void sequentialFromPool(LaunchedOrchestrator orchestrator) throws Exception {
    double hits = hits(orchestrator);
    long[] samples = new long[SEQUENTIAL];
    long[] createRpc = new long[SEQUENTIAL];
    for (int i = 0; i < SEQUENTIAL; i++) {
      awaitPool(orchestrator, BURST);
      long t0 = System.nanoTime();
      Sandbox s = create();
      createRpc[i] = System.nanoTime() - t0;
      runTrue(ProcessGrpc.newBlockingStub(orchestrator.channel).withInterceptors(viaProxy(s)));
      samples[i] = System.nanoTime() - t0;
      kill(s);
    }
    Stats pooled = Stats.ofNanos(samples);
    Stats rpc = Stats.ofNanos(createRpc);
    row("create → first command finished, from the warm pool (" + SEQUENTIAL + " one after the other)",
        String.format("p50 %.1f ms, p95 %.1f ms (n=%d, %.0f from the pool; the create call alone p50 %.1f ms)",
            pooled.p50(), pooled.p95(), pooled.n(), hits(orchestrator) - hits, rpc.p50()),
        (coldCreate == null ? "" : String.format("%.1f× faster than a cold create, ", coldCreate.p50() / pooled.p50()))
            + String.format("%.1f× faster than `docker run --rm` (p50)", dockerRun.p50() / pooled.p50()));
  }

  private static double hits(LaunchedOrchestrator orchestrator) throws Exception {
    return orchestrator.metric("soulbox_pool_claims_total{template=\"base\",result=\"hit\"}");
  }

  private static void awaitPool(LaunchedOrchestrator orchestrator, int size) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (orchestrator.metric("soulbox_pool_sandboxes{template=\"base\"}") < size) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the warm pool did not reach " + size + " in 3 minutes");
      }
      Thread.sleep(20);
    }
  }

  private static String whole(Stats st) {
    return String.format("p50 %.0f ms, p95 %.0f ms (n=%d)", st.p50(), st.p95(), st.n());
  }

  private void roundTrips(ManagedChannel channel) throws Exception {
    Sandbox s = create();
    ManagedChannel direct = NettyChannelBuilder.forTarget(agentAddress(s)).usePlaintext().build();
    try {
      ProcessGrpc.ProcessBlockingStub viaProxy = ProcessGrpc.newBlockingStub(channel).withInterceptors(viaProxy(s));
      ProcessGrpc.ProcessBlockingStub toAgent = ProcessGrpc.newBlockingStub(direct)
          .withInterceptors(LaunchedOrchestrator.headers("x-access-token", s.getEnvdAccessToken()));
      for (int i = 0; i < 200; i++) {
        runTrue(viaProxy);
        runTrue(toAgent);
        viaProxy.list(ListRequest.getDefaultInstance());
        toAgent.list(ListRequest.getDefaultInstance());
      }
      long[] proxied = new long[ROUND_TRIPS];
      long[] directTrue = new long[ROUND_TRIPS];
      long[] proxiedList = new long[ROUND_TRIPS];
      long[] directList = new long[ROUND_TRIPS];
      for (int i = 0; i < ROUND_TRIPS; i++) {
        proxied[i] = time(() -> runTrue(viaProxy));
        directTrue[i] = time(() -> runTrue(toAgent));
        proxiedList[i] = time(() -> viaProxy.list(ListRequest.getDefaultInstance()));
        directList[i] = time(() -> toAgent.list(ListRequest.getDefaultInstance()));
      }
      long[] execApi = new long[EXECS];
      long[] execCli = new long[EXECS];
      String container = "soulbox-" + s.getSandboxId();
      for (int i = 0; i < EXECS; i++) {
        execApi[i] = time(() -> dockerExec(container));
        execCli[i] = time(() -> dockerExecCli(container));
      }
      Stats p = Stats.ofNanos(proxied);
      Stats d = Stats.ofNanos(directTrue);
      Stats api = Stats.ofNanos(execApi);
      Stats cli = Stats.ofNanos(execCli);
      row("`/bin/true` round trip through the proxy (Start → end)", p.ms(), "");
      row("`/bin/true` with `docker exec` (Engine API: create + start + wait, docker-java)", api.ms(),
          String.format("proxy is %.1f× faster (p50)", api.p50() / p.p50()));
      row("`/bin/true` with the `docker exec` command", cli.ms(),
          String.format("proxy is %.1f× faster (p50)", cli.p50() / p.p50()));
      row("`/bin/true` round trip straight to the agent's port", d.ms(),
          String.format("proxy adds %.2f ms (p50)", p.p50() - d.p50()));
      Stats pl = Stats.ofNanos(proxiedList);
      Stats dl = Stats.ofNanos(directList);
      row("unary `process.Process/List` through the proxy", pl.ms(), "");
      row("unary `process.Process/List` straight to the agent", dl.ms(),
          String.format("proxy adds %.2f ms (p50)", pl.p50() - dl.p50()));
    } finally {
      direct.shutdownNow();
      kill(s);
    }
  }

  /**
   * Bulk transfers in one sandbox straight to its agent's published port and through the proxy,
   * next to what loopback TCP carries on this machine in the same run.
   */
  private void throughput(ManagedChannel channel) throws Exception {
    double loopback = WireBaselines.loopbackTcp(THROUGHPUT_BYTES);
    row("baseline: loopback TCP between two Java threads (1 GiB)", String.format("%.0f MB/s", loopback), "");
    // all of the machine's cores: the server's default of 1 CPU per sandbox would be what is measured
    Sandbox s = admin.createSandbox(CreateSandboxRequest.newBuilder().setTemplate("base").setTimeoutSeconds(900)
        .setResources(Resources.newBuilder().setCpus(Runtime.getRuntime().availableProcessors())).build());
    ManagedChannel direct = NettyChannelBuilder.forTarget(agentAddress(s)).usePlaintext().build();
    try {
      ClientInterceptor token = LaunchedOrchestrator.headers("x-access-token", s.getEnvdAccessToken());
      String file = "/home/user/blob.bin";
      for (boolean viaProxy : new boolean[] {false, true}) {
        ManagedChannel to = viaProxy ? channel : direct;
        ClientInterceptor auth = viaProxy ? viaProxy(s) : token;
        String how = (viaProxy ? "through the proxy" : "straight to the agent's port") + ", sandbox of "
            + Runtime.getRuntime().availableProcessors() + " CPUs";
        double out = Throughput.stdout(ProcessGrpc.newBlockingStub(to).withInterceptors(auth), THROUGHPUT_BYTES);
        double up = Throughput.upload(FilesGrpc.newStub(to).withInterceptors(auth), file, THROUGHPUT_BYTES / 2);
        double down = Throughput.download(FilesGrpc.newBlockingStub(to).withInterceptors(auth), file, THROUGHPUT_BYTES / 2);
        row("stdout streaming " + how + " (1 GiB)", WireBaselines.share(out, loopback), "≥ 600 MB/s");
        row("upload " + how + " (512 MiB)", WireBaselines.share(up, loopback), "≥ 600 MB/s");
        row("download " + how + " (512 MiB)", WireBaselines.share(down, loopback), "≥ 600 MB/s");
      }
    } finally {
      direct.shutdownNow();
      kill(s);
    }
  }

  private static String agentAddress(Sandbox s) {
    return s.getPortsList().stream().filter(p -> p.getName().equals("agent")).map(PortMapping::getHostAddress)
        .findFirst().orElseThrow();
  }

  private void dockerExec(String container) {
    String id = docker.execCreateCmd(container).withCmd("/bin/true").withAttachStdout(true).withAttachStderr(true)
        .exec().getId();
    try {
      docker.execStartCmd(id).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (docker.inspectExecCmd(id).exec().getExitCodeLong() != 0) {
      throw new IllegalStateException("docker exec /bin/true failed");
    }
  }

  private static void dockerExecCli(String container) {
    command("docker", "exec", container, "/bin/true");
  }

  private static void command(String... command) {
    try {
      Process p = new ProcessBuilder(command).inheritIO().start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed");
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void idleMemory(int count) throws Exception {
    long before = usedMemory();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Sandbox>> created = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      created.add(pool.submit(this::create));
    }
    List<Sandbox> sandboxes = new ArrayList<>();
    for (Future<Sandbox> f : created) {
      sandboxes.add(f.get());
    }
    pool.shutdown();
    Thread.sleep(Duration.ofSeconds(10).toMillis());
    long containers = 0;
    for (Sandbox s : sandboxes) {
      containers += containerMemory("soulbox-" + s.getSandboxId());
    }
    long after = usedMemory();
    row(count + " idle sandboxes: memory charged to their containers (cgroups)",
        String.format("%.0f MiB total, %.1f MiB each", containers / 1048576.0, containers / 1048576.0 / count), "");
    row(count + " idle sandboxes: machine memory in use, before → after",
        String.format("%.0f → %.0f MiB (+%.1f MiB each)", before / 1048576.0, after / 1048576.0,
            (after - before) / 1048576.0 / count), "");
    for (Sandbox s : sandboxes) {
      kill(s);
    }
  }

  private long containerMemory(String container) throws InterruptedException {
    Statistics[] holder = new Statistics[1];
    docker.statsCmd(container).withNoStream(true).exec(new ResultCallback.Adapter<Statistics>() {
      @Override
      public void onNext(Statistics stats) {
        holder[0] = stats;
      }
    }).awaitCompletion(30, TimeUnit.SECONDS);
    Statistics s = holder[0];
    long usage = s.getMemoryStats().getUsage() == null ? 0 : s.getMemoryStats().getUsage();
    Map<String, Long> stats = s.getMemoryStats().getStats() == null ? Map.of() : statsMap(s);
    // what `docker stats` shows: usage minus the page cache that can be dropped
    return usage - stats.getOrDefault("inactive_file", stats.getOrDefault("total_inactive_file", 0L));
  }

  private static Map<String, Long> statsMap(Statistics s) {
    var m = s.getMemoryStats().getStats();
    Map<String, Long> out = new java.util.HashMap<>();
    if (m.getInactiveFile() != null) {
      out.put("inactive_file", m.getInactiveFile());
    }
    if (m.getTotalInactiveFile() != null) {
      out.put("total_inactive_file", m.getTotalInactiveFile());
    }
    return out;
  }

  private static long usedMemory() throws java.io.IOException {
    long total = 0;
    long available = 0;
    for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        total = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      } else if (line.startsWith("MemAvailable:")) {
        available = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return total - available;
  }

  private void sweep(String scope) {
    for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.soulbox.scope", scope)).exec()) {
      docker.removeContainerCmd(c.getId()).withForce(true).exec();
    }
  }

  private static long time(Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    return System.nanoTime() - t0;
  }

  private void row(String what, String value, String note) {
    rows.add(new String[] {what, value, note});
    System.out.println("  " + what + ": " + value + (note.isEmpty() ? "" : " — " + note));
  }

  private void print() {
    System.out.println();
    System.out.println("| measure | result | comparison |");
    System.out.println("|---|---|---|");
    for (String[] r : rows) {
      System.out.println("| " + r[0] + " | " + r[1] + " | " + r[2] + " |");
    }
  }
}
