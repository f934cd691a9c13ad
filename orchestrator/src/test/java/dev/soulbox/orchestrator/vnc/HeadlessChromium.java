package dev.soulbox.orchestrator.vnc;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Chromium without a screen, showing one page, with JavaScript evaluated in it over the DevTools protocol. */
public final class HeadlessChromium implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final Pattern PAGE_SOCKET = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+/page/[^\"]+)\"");
  private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}]+)");

  private final Process process;
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger ids = new AtomicInteger();
  private WebSocket devtools;
  private volatile CompletableFuture<String> reply;

  /** Everything Chromium writes goes under {@code dir}, which the caller deletes. */
  public HeadlessChromium(Path dir, String url) throws IOException {
    this(dir, url, Map.of());
  }

  /** With these environment variables too, such as a {@code HOME} whose NSS database trusts a test CA. */
  public HeadlessChromium(Path dir, String url, Map<String, String> environment) throws IOException {
    Path profile = Files.createDirectories(dir.resolve("profile"));
    ProcessBuilder builder = new ProcessBuilder(BINARY.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--remote-debugging-port=0", "--user-data-dir=" + profile, url)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("TMPDIR", Files.createDirectories(dir.resolve("tmp")).toString());
    builder.environment().putAll(environment);
    process = builder.start();
    Path activePort = profile.resolve("DevToolsActivePort");
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(activePort) && Files.readAllLines(activePort).size() > 1);
    String port = Files.readAllLines(activePort).get(0).trim();
    String[] pageSocket = new String[1];
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Matcher m = PAGE_SOCKET.matcher(list);
      return m.find() && (pageSocket[0] = m.group(1)) != null;
    });
    devtools = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket[0]), new Replies()).join();
  }

  /** The value of a JavaScript expression in the page, as JSON text ({@code "connected"}, {@code true}, …). */
  public synchronized String evaluate(String expression) throws Exception {
    reply = new CompletableFuture<>();
    String escaped = expression.replace("\\", "\\\\").replace("\"", "\\\"");
    devtools.sendText("{\"id\":" + ids.incrementAndGet() + ",\"method\":\"Runtime.evaluate\",\"params\":{\"expression\":\""
        + escaped + "\",\"returnByValue\":true}}", true).get(10, TimeUnit.SECONDS);
    Matcher m = VALUE.matcher(reply.get(10, TimeUnit.SECONDS));
    return m.find() ? m.group(1).trim() : "undefined";
  }

  private final class Replies implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String message = text.toString();
        text.setLength(0);
        CompletableFuture<String> waiting = reply;
        if (waiting != null && message.startsWith("{\"id\":")) {
          waiting.complete(message);
        }
      }
      webSocket.request(1);
      return null;
    }
  }

  @Override
  public void close() {
    if (devtools != null) {
      devtools.abort();
    }
    // a gentle stop lets Chromium remove its temp files; then make sure nothing is left
    process.destroy();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
