package dev.soulbox.bench;

import dev.soulbox.proto.orchestrator.v1.CreateSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.KillSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.Sandbox;
import dev.soulbox.proto.orchestrator.v1.SandboxServiceGrpc;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Wall time of the {@code soulbox} command ({@code bin/soulbox}, a new JVM each time) against a
 * launched orchestrator: {@code sandbox list} and {@code exec ID -- true}, next to the JVM's own
 * {@code java -version} and a bare {@code /bin/true}. Prints a Markdown table.
 *
 * <pre>java -cp benchmarks/target/soulbox-benchmarks.jar dev.soulbox.bench.CliBenchmark ORCHESTRATOR_JAR CLI_SCRIPT [RUNS]</pre>
 */
public final class CliBenchmark {
  private final List<String[]> rows = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: CliBenchmark ORCHESTRATOR_JAR CLI_SCRIPT [RUNS]");
      System.exit(2);
    }
    new CliBenchmark().run(Path.of(args[0]), Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 20);
  }

  private void run(Path jar, Path cli, int runs) throws Exception {
    Path home = Files.createTempDirectory("soulbox-bench-home"); // no config file of the user's in the way
    try (LaunchedOrchestrator orchestrator = new LaunchedOrchestrator(jar, 5, "--pool", "base=1")) {
      Map<String, String> env = Map.of("HOME", home.toString(), "SOULBOX_ENDPOINT", "127.0.0.1:" + orchestrator.grpcPort,
          "SOULBOX_API_KEY", LaunchedOrchestrator.API_KEY);
      SandboxServiceGrpc.SandboxServiceBlockingStub admin = SandboxServiceGrpc.newBlockingStub(orchestrator.channel)
          .withInterceptors(LaunchedOrchestrator.headers("x-api-key", LaunchedOrchestrator.API_KEY));
      Sandbox sandbox = admin.createSandbox(CreateSandboxRequest.newBuilder().setTemplate("base").build());
      try {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        measure("`/bin/true` (a process start, the floor)", runs, env, "/bin/true");
        measure("`java -version` (a JVM start)", runs, env, java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-version");
        run(env, cli.toString(), "--help"); // the first run may write the class-data archive
        measure("`soulbox sandbox list`", runs, env, cli.toString(), "sandbox", "list");
        measure("`soulbox exec ID -- true`", runs, env, cli.toString(), "exec", sandbox.getSandboxId(), "--", "true");
      } finally {
        admin.killSandbox(KillSandboxRequest.newBuilder().setSandboxId(sandbox.getSandboxId()).build());
      }
    }
    System.out.println();
    System.out.println("| command | wall time |");
    System.out.println("|---|---|");
    rows.forEach(r -> System.out.println("| " + r[0] + " | " + r[1] + " |"));
  }

  private void measure(String what, int runs, Map<String, String> env, String... command) throws Exception {
    run(env, command); // warm the page cache
    long[] samples = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      run(env, command);
      samples[i] = System.nanoTime() - t0;
    }
    Stats s = Stats.ofNanos(samples);
    String result = String.format("p50 %.0f ms, p95 %.0f ms (n=%d)", s.p50(), s.p95(), s.n());
    rows.add(new String[] {what, result});
    System.out.println("  " + what + ": " + result);
  }

  private static void run(Map<String, String> env, String... command) throws Exception {
    // stdin from /dev/null, as a script's `soulbox exec … </dev/null`: an open pipe that never ends
    // would keep `exec` passing stdin on, and its reader thread in read() at exit costs the JVM 300 ms
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null")));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue());
    }
  }
}
