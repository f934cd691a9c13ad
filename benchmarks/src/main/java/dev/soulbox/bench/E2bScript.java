package dev.soulbox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A measuring script of {@code integration-tests/e2b-js}, run with Node against an orchestrator as an E2B program
 * runs ({@code E2B_API_URL}, {@code E2B_SANDBOX_URL}, {@code E2B_API_KEY}); it prints its figures as one JSON line.
 */
final class E2bScript {
  private static final Pattern NUMBER = Pattern.compile("\"([A-Za-z0-9]+)\":([0-9.eE+-]+)");

  private E2bScript() {
  }

  /** Runs {@code script} with {@code args} and returns the numbers of the JSON line it printed last, by name. */
  static Map<String, Double> run(LaunchedOrchestrator orchestrator, Path project, String script, String... args)
      throws IOException, InterruptedException {
    String url = "http://127.0.0.1:" + orchestrator.httpPort;
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    ProcessBuilder node = new ProcessBuilder(command).directory(project.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    node.environment().putAll(Map.of("E2B_API_URL", url, "E2B_SANDBOX_URL", url,
        "E2B_API_KEY", LaunchedOrchestrator.API_KEY));
    Process process = node.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(script + " failed (exit " + process.exitValue() + "): " + out);
    }
    List<String> lines = out.lines().toList();
    Matcher m = NUMBER.matcher(lines.isEmpty() ? "" : lines.get(lines.size() - 1));
    Map<String, Double> numbers = new HashMap<>();
    while (m.find()) {
      numbers.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    if (numbers.isEmpty()) {
      throw new IllegalStateException(script + " printed no figures: " + out);
    }
    return numbers;
  }
}
