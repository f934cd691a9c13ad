package dev.soulbox.it.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.soulbox.it.agent.AgentProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A web page on another origin calls the agent's HTTP face from a real headless Chromium, as E2B's SDK does when it
 * runs in a browser: a Connect unary call and a file download, both with {@code X-Access-Token} (so the browser sends
 * a CORS preflight first), and the answers readable by the page only because the agent sets envd's CORS headers.
 */
class AgentFromAWebPageIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir
  Path dir;
  private AgentProcess agent;
  private HttpServer pages;

  @BeforeEach
  void start() throws IOException {
    assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed");
    agent = AgentProcess.start();
    pages = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pages.start();
  }

  @AfterEach
  void stop() {
    if (pages != null) {
      pages.stop(0);
    }
    if (agent != null) {
      agent.close();
    }
  }

  @Test
  void pageOnAnotherOrigin_callsTheAgentWithItsToken() throws Exception {
    Files.writeString(dir.resolve("hello.txt"), "read by a web page");
    String dom = open(script("""
        const list = await fetch(AGENT + '/process.Process/List', {method: 'POST', body: '{}',
          headers: {'Content-Type': 'application/json', 'Connect-Protocol-Version': '1', 'X-Access-Token': TOKEN}})
        const listed = await list.json()
        const file = await fetch(AGENT + '/files?path=' + encodeURIComponent(FILE), {headers: {'X-Access-Token': TOKEN}})
        return 'list ' + list.status + ' ' + typeof listed + '; file ' + file.status + ' ' + await file.text()
        """));

    assertThat(dom).as(agent.logText()).contains("RESULT[list 200 object; file 200 read by a web page]");
  }

  @Test
  void pageWithAWrongToken_readsTheAgentsRefusal() throws Exception {
    String dom = open(script("""
        const list = await fetch(AGENT + '/process.Process/List', {method: 'POST', body: '{}',
          headers: {'Content-Type': 'application/json', 'X-Access-Token': 'not-the-token'}})
        return 'list ' + list.status + ' ' + (await list.json()).code
        """));

    assertThat(dom).as(agent.logText()).contains("RESULT[list 401 unauthenticated]");
  }

  /** A page that runs {@code body} (an async function's body returning a string) and shows what it returned. */
  private String script(String body) {
    return "<!doctype html><title>agent from a page</title><pre id=out>pending</pre><script>\n"
        + "const AGENT = 'http://127.0.0.1:" + agent.port() + "'\n"
        + "const TOKEN = '" + agent.accessToken() + "'\n"
        + "const FILE = '" + dir.resolve("hello.txt") + "'\n"
        + ";(async () => {" + body + "})()\n"
        + "  .then(r => { document.getElementById('out').textContent = 'RESULT[' + r + ']' })\n"
        + "  .catch(e => { document.getElementById('out').textContent = 'FAILED[' + e + ']' })\n"
        + "</script>";
  }

  /** Serves {@code html} on the page server's origin and returns Chromium's DOM once the page's fetches are done. */
  private String open(String html) throws IOException, InterruptedException {
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    pages.createContext("/page", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    String url = "http://localhost:" + pages.getAddress().getPort() + "/page";
    Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--user-data-dir=" + dir.resolve("profile"), "--virtual-time-budget=15000", "--dump-dom", url)
        .redirectError(dir.resolve("chromium.log").toFile()).start();
    String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!chromium.waitFor(60, TimeUnit.SECONDS)) {
      chromium.destroyForcibly();
    }
    return dom;
  }
}
