package dev.soulbox.bench;

import dev.soulbox.sdk.CreateOptions;
import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SoulBox;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * E2B's JavaScript SDK against SoulBox's Java SDK, side by side in one run on one orchestrator:
 * {@code commands.run("true")} round trips (E2B: Connect over HTTP/1.1 through the web port's
 * sandbox routing; SoulBox: gRPC through the agent proxy) and a 100 MB file written and read back.
 * Prints a Markdown table.
 *
 * <pre>java -cp benchmarks/target/soulbox-benchmarks.jar dev.soulbox.bench.E2bBenchmark ORCHESTRATOR_JAR E2B_JS_DIR</pre>
 */
public final class E2bBenchmark {
  private static final int ROUND_TRIPS = 300;
  private static final int MEGABYTES = 100;

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: E2bBenchmark ORCHESTRATOR_JAR E2B_JS_DIR");
      System.exit(2);
    }
    try (LaunchedOrchestrator orchestrator = new LaunchedOrchestrator(Path.of(args[0]), 4)) {
      String[] soulbox = javaSdk(orchestrator);
      String[] e2b = e2bSdk(orchestrator, Path.of(args[1]));
      System.out.println("| measure | E2B JS SDK (Connect, web port) | SoulBox Java SDK (gRPC) |");
      System.out.println("|---|---|---|");
      String[] names = {"`commands.run(\"true\")` round trip", "write 100 MB", "read 100 MB"};
      for (int i = 0; i < names.length; i++) {
        System.out.println("| " + names[i] + " | " + e2b[i] + " | " + soulbox[i] + " |");
      }
    }
  }

  private static String[] javaSdk(LaunchedOrchestrator orchestrator) throws NoSuchAlgorithmException {
    try (SoulBox client = SoulBox.builder().endpoint("127.0.0.1:" + orchestrator.grpcPort)
        .apiKey(LaunchedOrchestrator.API_KEY).build();
        Sandbox sandbox = client.create(CreateOptions.builder().template("base").timeout(Duration.ofMinutes(10)).build())) {
      for (int i = 0; i < 20; i++) {
        sandbox.commands().run("true");
      }
      long[] samples = new long[ROUND_TRIPS];
      for (int i = 0; i < ROUND_TRIPS; i++) {
        long started = System.nanoTime();
        sandbox.commands().run("true");
        samples[i] = System.nanoTime() - started;
      }
      Stats stats = Stats.ofNanos(samples);
      byte[] data = new byte[MEGABYTES << 20];
      for (int i = 0; i < data.length; i += 4096) {
        Arrays.fill(data, i, i + 4, (byte) (i * 2654435761L));
      }
      long started = System.nanoTime();
      sandbox.files().write("/tmp/bench.bin", data);
      double writeSeconds = (System.nanoTime() - started) / 1e9;
      started = System.nanoTime();
      byte[] back = sandbox.files().readBytes("/tmp/bench.bin");
      double readSeconds = (System.nanoTime() - started) / 1e9;
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      if (!Arrays.equals(sha.digest(back), MessageDigest.getInstance("SHA-256").digest(data))) {
        throw new IllegalStateException("the file read back differs from the one written");
      }
      return new String[] {
          String.format("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms", stats.p50(), stats.p95(), stats.p99()),
          String.format("%.0f MB/s", MEGABYTES / writeSeconds), String.format("%.0f MB/s", MEGABYTES / readSeconds)};
    }
  }

  private static String[] e2bSdk(LaunchedOrchestrator orchestrator, Path project) throws IOException, InterruptedException {
    Map<String, Double> n = E2bScript.run(orchestrator, project, "bench.mjs", String.valueOf(ROUND_TRIPS),
        String.valueOf(MEGABYTES));
    return new String[] {
        String.format("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms", n.get("p50"), n.get("p95"), n.get("p99")),
        String.format("%.0f MB/s", n.get("writeMBps")), String.format("%.0f MB/s", n.get("readMBps"))};
  }
}
