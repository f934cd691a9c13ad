package dev.soulbox.bench;

import dev.soulbox.sdk.CreateOptions;
import dev.soulbox.sdk.Desktop;
import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SoulBox;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * The desktop template as a computer-use agent meets it: create to desktop ready (the sandbox answering, XFCE's
 * session, window manager and desktop running, and the desktop drawn on the screen), then the latency of the calls
 * an agent loop makes - screenshot, click, mouse move, a key - through the Java SDK and through E2B's desktop SDK
 * ({@code e2b-js/desktop-bench.mjs}) on the same orchestrator. Prints a Markdown table.
 *
 * <pre>java -cp benchmarks/target/soulbox-benchmarks.jar dev.soulbox.bench.DesktopBenchmark ORCHESTRATOR_JAR E2B_JS_DIR [CREATES]</pre>
 */
public final class DesktopBenchmark {
  private static final int ACTIONS = 100;
  private static final int SCREENSHOTS = 50;

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: DesktopBenchmark ORCHESTRATOR_JAR E2B_JS_DIR [CREATES]");
      System.exit(2);
    }
    int creates = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    try (LaunchedOrchestrator orchestrator = new LaunchedOrchestrator(Path.of(args[0]), 4);
        SoulBox client = SoulBox.builder().endpoint("127.0.0.1:" + orchestrator.grpcPort)
            .apiKey(LaunchedOrchestrator.API_KEY).build()) {
      long[] answering = new long[creates];
      long[] sessionUp = new long[creates];
      long[] drawn = new long[creates];
      for (int i = 0; i < creates; i++) {
        long started = System.nanoTime();
        try (Sandbox sandbox = client.create(CreateOptions.builder().template("desktop").build())) {
          answering[i] = System.nanoTime() - started;
          while (!sandbox.commands().run("pgrep -x xfce4-session && pgrep -x xfwm4 && pgrep -x xfdesktop").succeeded()) {
            Thread.sleep(20);
          }
          sessionUp[i] = System.nanoTime() - started;
          while (colours(sandbox.desktop().screenshot()) < 6) {
            Thread.sleep(20);
          }
          drawn[i] = System.nanoTime() - started;
        }
      }
      Map<String, Stats> java = actions(client);
      Map<String, Double> e2b = e2bSdk(orchestrator, Path.of(args[1]));

      System.out.println("| desktop sandbox, create to | p50 | p95 | n |");
      System.out.println("|---|---|---|---|");
      row("agent answering (`create` returns)", Stats.ofNanos(answering));
      row("XFCE session, xfwm4 and xfdesktop running", Stats.ofNanos(sessionUp));
      row("desktop drawn (a screenshot that is not blank)", Stats.ofNanos(drawn));
      System.out.println();
      System.out.println("| call | SoulBox Java SDK p50 / p95 | E2B desktop SDK p50 / p95 |");
      System.out.println("|---|---|---|");
      for (String name : List.of("screenshot", "leftClick(x, y)", "moveMouse", "press")) {
        Stats s = java.get(name);
        String key = name.replaceAll("\\(.*", "");
        System.out.printf("| `%s` | %.1f / %.1f ms | %.1f / %.1f ms |%n", name, s.p50(), s.p95(),
            e2b.get(key + "P50"), e2b.get(key + "P95"));
      }
    }
  }

  private static Map<String, Stats> actions(SoulBox client) throws IOException {
    try (Sandbox sandbox = client.create(CreateOptions.builder().template("desktop").timeout(Duration.ofMinutes(10))
        .build())) {
      Desktop desktop = sandbox.desktop();
      while (colours(desktop.screenshot()) < 6) {
        Thread.onSpinWait();
      }
      // an empty spot of the desktop, away from its icons and panels, where clicks change nothing
      return Map.of(
          "screenshot", time(SCREENSHOTS, i -> desktop.screenshot()),
          "leftClick(x, y)", time(ACTIONS, i -> desktop.leftClick(700, 300 + i % 2)),
          "moveMouse", time(ACTIONS, i -> desktop.moveMouse(600 + i % 50, 400)),
          "press", time(ACTIONS, i -> desktop.press("shift")));
    }
  }

  private static Stats time(int n, Consumer<Integer> action) {
    for (int i = 0; i < 5; i++) {
      action.accept(i);
    }
    long[] samples = new long[n];
    for (int i = 0; i < n; i++) {
      long started = System.nanoTime();
      action.accept(i);
      samples[i] = System.nanoTime() - started;
    }
    return Stats.ofNanos(samples);
  }

  private static int colours(byte[] png) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 9) {
      for (int x = 0; x < image.getWidth(); x += 9) {
        seen.add(image.getRGB(x, y));
      }
    }
    return seen.size();
  }

  private static void row(String what, Stats s) {
    System.out.printf("| %s | %.0f ms | %.0f ms | %d |%n", what, s.p50(), s.p95(), s.n());
  }

  private static Map<String, Double> e2bSdk(LaunchedOrchestrator orchestrator, Path project)
      throws IOException, InterruptedException {
    return E2bScript.run(orchestrator, project, "desktop-bench.mjs", String.valueOf(ACTIONS),
        String.valueOf(SCREENSHOTS));
  }
}
