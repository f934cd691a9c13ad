package dev.soulbox.bench;

import dev.soulbox.proto.agent.v1.FilesGrpc;
import dev.soulbox.proto.process.ProcessConfig;
import dev.soulbox.proto.process.ProcessEvent;
import dev.soulbox.proto.process.ProcessGrpc;
import dev.soulbox.proto.process.StartRequest;
import dev.soulbox.proto.process.StartResponse;
import io.grpc.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Measures the agent jar as a real process over loopback TCP and prints the numbers as a
 * Markdown table: process round trip, output streaming, transfer, memory, start-up.
 *
 * <pre>java -cp benchmarks/target/soulbox-benchmarks.jar dev.soulbox.bench.AgentBenchmark AGENT_JAR [JVM_OPTION…]</pre>
 */
public final class AgentBenchmark {
  private static final int ROUND_TRIPS = 2_000;
  private static final long STREAM_BYTES = 2L << 30;
  private static final long TRANSFER_BYTES = 1L << 30;

  private final List<String[]> rows = new ArrayList<>();
  private double loopback;

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: AgentBenchmark AGENT_JAR [JVM_OPTION...]");
      System.exit(2);
    }
    Path jar = Path.of(args[0]);
    List<String> jvm = new ArrayList<>(List.of(Arrays.copyOfRange(args, 1, args.length)));
    jvm.addAll(classDataArchive(jar, jvm));
    new AgentBenchmark().run(jar, jvm);
  }

  private void run(Path jar, List<String> jvm) throws Exception {
    System.out.println("agent JVM options: " + (jvm.isEmpty() ? "(none)" : String.join(" ", jvm)));
    String only = System.getProperty("bench.only", "all");
    loopback = WireBaselines.loopbackTcp(STREAM_BYTES);
    row("baseline: loopback TCP between two Java threads (2 GiB, 256 KiB writes)", String.format("%.0f MB/s", loopback), "");
    row("baseline: a `cat` pipe (`head -c 2G /dev/zero` into `cat`)", String.format("%.0f MB/s", WireBaselines.catPipe(STREAM_BYTES)), "");
    if (selected(only, "startup")) {
      startup(jar, jvm);
    }
    try (LaunchedAgent agent = new LaunchedAgent(jar, jvm)) {
      Thread.sleep(2_000);
      row("agent RSS, idle after start", agent.memory(), "≤ 64 MiB");
      if (selected(only, "roundtrip")) {
        roundTrip(agent);
      }
      if (selected(only, "streaming")) {
        streaming(agent);
      }
      if (selected(only, "transfer")) {
        transfer(agent);
      }
      Thread.sleep(2_000);
      row("agent RSS, idle after the runs above", agent.memory(), "");
      if (selected(only, "processes")) {
        hundredProcesses(agent);
      }
    }
    print();
  }

  /**
   * Records the classes the agent loads into a class-data archive, as the sandbox images do at
   * build time, and returns the options that use it.
   */
  private static List<String> classDataArchive(Path jar, List<String> jvm) throws Exception {
    Path archive = Files.createTempFile("soulbox-agent-", ".jsa");
    Files.delete(archive);
    archive.toFile().deleteOnExit();
    List<String> recording = new ArrayList<>(jvm);
    recording.add("-XX:ArchiveClassesAtExit=" + archive);
    try (LaunchedAgent agent = new LaunchedAgent(jar, recording)) {
      drain(agent.authorized(ProcessGrpc.newBlockingStub(agent.channel)).start(StartRequest.newBuilder()
          .setProcess(ProcessConfig.newBuilder().setCmd("/bin/true")).setStdin(false).build()));
    }
    if (!Files.exists(archive)) {
      System.out.println("(no class-data archive was written; measuring without one)");
      return List.of();
    }
    return List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
  }

  /** -Dbench.only=roundtrip,streaming runs a subset. */
  private static boolean selected(String only, String name) {
    return only.equals("all") || List.of(only.split(",")).contains(name);
  }

  private void startup(Path jar, List<String> jvm) throws Exception {
    long[] samples = new long[5];
    for (int i = 0; i < samples.length; i++) {
      try (LaunchedAgent agent = new LaunchedAgent(jar, jvm)) {
        samples[i] = agent.answeredNanos - agent.launchedNanos;
      }
    }
    Stats s = Stats.ofNanos(samples);
    row("JVM launch → first answered RPC (health)", String.format("median %.0f ms (n=5)", s.p50()), "");
  }

  private void roundTrip(LaunchedAgent agent) {
    ProcessGrpc.ProcessBlockingStub process = agent.authorized(ProcessGrpc.newBlockingStub(agent.channel));
    StartRequest trueCmd = StartRequest.newBuilder().setProcess(ProcessConfig.newBuilder().setCmd("/bin/true")).setStdin(false).build();
    for (int i = 0; i < 300; i++) {
      drain(process.start(trueCmd));
    }
    long[] samples = new long[ROUND_TRIPS];
    for (int i = 0; i < samples.length; i++) {
      long t0 = System.nanoTime();
      ProcessEvent end = drain(process.start(trueCmd));
      samples[i] = System.nanoTime() - t0;
      if (end.getEnd().getExitCode() != 0) {
        throw new IllegalStateException("/bin/true failed: " + end);
      }
    }
    Stats s = Stats.ofNanos(samples);
    row("`/bin/true` Start → end round trip", s.ms(), "p50 ≤ 3 ms");
  }

  private void streaming(LaunchedAgent agent) {
    double rate = Throughput.stdout(agent.authorized(ProcessGrpc.newBlockingStub(agent.channel)), STREAM_BYTES);
    row("stdout streaming (2 GiB from `head -c … /dev/zero`)", WireBaselines.share(rate, loopback), "≥ 600 MB/s");
  }

  private void transfer(LaunchedAgent agent) throws Exception {
    Path dir = Files.createTempDirectory("soulbox-bench");
    Path file = dir.resolve("blob.bin");
    try {
      double up = Throughput.upload(agent.authorized(FilesGrpc.newStub(agent.channel)), file.toString(), TRANSFER_BYTES);
      row("upload (1 GiB, 256 KiB chunks)", WireBaselines.share(up, loopback), "≥ 600 MB/s");
      double down = Throughput.download(agent.authorized(FilesGrpc.newBlockingStub(agent.channel)), file.toString(),
          TRANSFER_BYTES);
      row("download (1 GiB)", WireBaselines.share(down, loopback), "≥ 600 MB/s");
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  private void hundredProcesses(LaunchedAgent agent) throws Exception {
    ProcessGrpc.ProcessBlockingStub process = agent.authorized(ProcessGrpc.newBlockingStub(agent.channel));
    List<Context.CancellableContext> calls = new ArrayList<>();
    StartRequest sleep = StartRequest.newBuilder().setProcess(ProcessConfig.newBuilder().setCmd("sleep").addArgs("600")).build();
    List<Integer> pids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Context.CancellableContext call = Context.current().withCancellation();
      calls.add(call);
      pids.add(call.call(() -> process.start(sleep).next().getEvent().getStart().getPid()));
    }
    Thread.sleep(2_000);
    row("agent RSS with 100 running processes (100 open streams)", agent.memory(), "");
    calls.forEach(c -> c.cancel(null));
    for (int pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static ProcessEvent drain(Iterator<StartResponse> stream) {
    ProcessEvent last = null;
    while (stream.hasNext()) {
      last = stream.next().getEvent();
    }
    return last;
  }

  private void row(String what, String value, String target) {
    rows.add(new String[] {what, value, target});
    System.out.println("  " + what + ": " + value);
  }

  private void print() {
    System.out.println();
    System.out.println("| measure | result | target |");
    System.out.println("|---|---|---|");
    for (String[] r : rows) {
      System.out.println("| " + r[0] + " | " + r[1] + " | " + r[2] + " |");
    }
  }
}
