package dev.soulbox.orchestrator.proxy;

import static dev.soulbox.orchestrator.proxy.ProxyHarness.TOKEN;
import static dev.soulbox.orchestrator.proxy.ProxyHarness.toSandbox;
import static dev.soulbox.orchestrator.proxy.ProxyHarness.withHeaders;

import dev.soulbox.proto.process.ListRequest;
import dev.soulbox.proto.process.ProcessConfig;
import dev.soulbox.proto.process.ProcessGrpc;
import dev.soulbox.proto.process.StartRequest;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What the proxy adds to a call: the same calls straight to the agent and through the proxy,
 * interleaved so both see the same machine. A measurement, not a test: run with
 * {@code -Dsoulbox.proxy.bench=true} and read the printed table.
 */
@EnabledIfSystemProperty(named = "soulbox.proxy.bench", matches = "true")
class ProxyOverheadBenchmark {
  private ProxyHarness harness;
  private ProcessGrpc.ProcessBlockingStub direct;
  private ProcessGrpc.ProcessBlockingStub proxied;

  @BeforeEach
  void setUp() {
    harness = ProxyHarness.start();
    direct = withHeaders(ProcessGrpc.newBlockingStub(harness.direct), "x-access-token", TOKEN);
    proxied = toSandbox(ProcessGrpc.newBlockingStub(harness.channel));
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void unaryList() {
    compare("process.Process/List", 500, 2000, stub -> stub.list(ListRequest.getDefaultInstance()));
  }

  @Test
  void startTrue() {
    StartRequest trueCommand = StartRequest.newBuilder()
        .setProcess(ProcessConfig.newBuilder().setCmd("/bin/true")).setStdin(false).build();
    compare("process.Process/Start /bin/true", 100, 500, stub -> stub.start(trueCommand).forEachRemaining(r -> {}));
  }

  @Test
  void streamThroughput() {
    StartRequest zeros = ProcessOutput.bash("head -c 200000000 /dev/zero");
    compare("Start, 200 MB of stdout", 1, 5, stub -> stub.start(zeros).forEachRemaining(r -> {}));
  }

  private void compare(String name, int warmup, int runs, Consumer<ProcessGrpc.ProcessBlockingStub> call) {
    for (int i = 0; i < warmup; i++) {
      call.accept(direct);
      call.accept(proxied);
    }
    long[] straight = new long[runs];
    long[] through = new long[runs];
    for (int i = 0; i < runs; i++) {
      straight[i] = time(direct, call);
      through[i] = time(proxied, call);
    }
    System.out.printf(Locale.ROOT, "%-34s direct  %s%n%-34s proxied %s%n", name, summary(straight), "", summary(through));
  }

  private static long time(ProcessGrpc.ProcessBlockingStub stub, Consumer<ProcessGrpc.ProcessBlockingStub> call) {
    long start = System.nanoTime();
    call.accept(stub);
    return System.nanoTime() - start;
  }

  private static String summary(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return String.format(Locale.ROOT, "p50 %8.3f ms  p99 %8.3f ms  mean %8.3f ms  (n=%d)",
        sorted[sorted.length / 2] / 1e6, sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6,
        Arrays.stream(sorted).average().orElse(0) / 1e6, sorted.length);
  }
}
