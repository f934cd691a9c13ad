package dev.soulbox.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.soulbox.it.node.NodeScript;
import dev.soulbox.it.orchestrator.OrchestratorProcess.Docker;
import dev.soulbox.it.orchestrator.RunningOrchestrator;
import dev.soulbox.sdk.CreateOptions;
import dev.soulbox.sdk.Desktop;
import dev.soulbox.sdk.Desktop.MouseButton;
import dev.soulbox.sdk.InvalidArgumentException;
import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SoulBox;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Java SDK's {@link Desktop} on a real desktop sandbox: the page of {@code e2b-js/desktop-page} served inside it
 * and opened in its browser, found on screenshots by its colours, and driven with the mouse and the keyboard; every
 * effect is read back from the events the page posted. The screenshots are kept in
 * {@code target/screenshots/sdk-desktop}.
 */
class SdkDesktopIT {
  private static final int BUTTON = 0xff0080;
  private static final int PAD = 0x00a0ff;
  private static final String DIR = "/tmp/sdk-desktop";
  private static final Path SCREENSHOTS = Path.of("target", "screenshots", "sdk-desktop");

  @RegisterExtension
  static final RunningOrchestrator orchestrator = new RunningOrchestrator();

  private static Sandbox sandbox;
  private static Desktop desktop;

  @BeforeAll
  static void start() throws IOException {
    Docker.requireImage("soulbox/desktop:latest");
    sandbox = orchestrator.client().create(CreateOptions.builder().template("desktop").vnc(true).timeout(Duration.ofMinutes(10))
        .metadata("test", "sdk-desktop").build());
    desktop = sandbox.desktop();
    Files.createDirectories(SCREENSHOTS);
    await(() -> colours(screenshot("01-desktop")) > 5, "the desktop drawn");

    Path page = NodeScript.PROJECT.resolve("desktop-page");
    sandbox.files().write(DIR + "/page.html", Files.readAllBytes(page.resolve("page.html")));
    sandbox.files().write(DIR + "/server.py", Files.readAllBytes(page.resolve("server.py")));
    sandbox.commands().start("python3 " + DIR + "/server.py 8001");
    await(() -> sandbox.commands().run("netstat -tln | grep -q ':8001 '").succeeded(), "the page server listening");
    desktop.open("http://127.0.0.1:8001/");
    awaitEvent(e -> e.contains("\"loaded\""), "the page loaded");
    await(() -> find(screenshot("02-page"), BUTTON) != null, "the button on screen");
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void screenshot_isThePngOfTheRealScreen_andScreenSizeAndLiveViewMatch() {
    BufferedImage shot = screenshot("03-screen");
    assertThat(desktop.screenSize()).isEqualTo(new Desktop.ScreenSize(shot.getWidth(), shot.getHeight()));
    Rectangle button = find(shot, BUTTON);
    assertThat(button.width).isBetween(390, 410);
    assertThat(button.height).isBetween(190, 210);
    assertThat(desktop.liveViewUrl()).isPresent().get().asString().contains("/vnc/");
    assertThat(desktop.activeWindowTitle()).contains("SoulBox desktop check");
  }

  @Test
  void typeAndPress_reachTheFocusedField() {
    Rectangle field = new Rectangle(60, find(screenshot("04-field"), BUTTON).y - 70, 1, 1);
    desktop.leftClick(field.x, field.y);
    desktop.press("ctrl", "a");
    desktop.press("backspace");
    desktop.type("hello 'world'");
    awaitEvent(e -> e.contains("\"value\": \"hello 'world'\""), "the field holding the typed text");
    desktop.press("enter");
    awaitEvent(e -> e.contains("\"key\": \"Enter\""), "Enter");
  }

  @Test
  void leftClick_onTheButtonFoundOnTheScreenshot_makesThePageWriteItsFile() {
    Rectangle button = find(screenshot("05-before-click"), BUTTON);
    int x = button.x + button.width / 2;
    int y = button.y + button.height / 2;
    desktop.moveMouse(x, y);
    assertThat(desktop.cursorPosition()).isEqualTo(new Desktop.Point(x, y));
    desktop.click(MouseButton.LEFT);
    await(() -> sandbox.files().exists(DIR + "/clicked"), "the page's file");
    assertThat(sandbox.files().read(DIR + "/clicked")).isEqualTo("clicked\n");
  }

  @Test
  void otherButtons_doubleClick_scrollAndDrag_reachThePage() {
    Rectangle pad = find(screenshot("06-pad"), PAD);
    int x = pad.x + pad.width / 2;
    int y = pad.y + pad.height / 2;
    desktop.rightClick(x, y);
    awaitEvent(e -> e.contains("\"contextmenu\""), "contextmenu");
    desktop.middleClick(x, y);
    awaitEvent(e -> e.contains("\"auxclick\""), "a middle click");
    desktop.doubleClick(x, y);
    awaitEvent(e -> e.contains("\"dblclick\""), "dblclick");
    desktop.scroll(2);
    awaitEvent(e -> e.contains("\"wheel\", \"down\": true"), "wheel down");
    desktop.scroll(-1);
    awaitEvent(e -> e.contains("\"wheel\", \"down\": false"), "wheel up");
    desktop.drag(pad.x + 20, pad.y + 20, pad.x + 220, pad.y + 120);
    awaitEvent(e -> e.contains("\"mouseup\", \"button\": 0"), "the drag's release");
    List<String> events = events();
    String down = events.stream().filter(e -> e.contains("\"mousedown\", \"button\": 0")).reduce((a, b) -> b).orElseThrow();
    String up = events.stream().filter(e -> e.contains("\"mouseup\", \"button\": 0")).reduce((a, b) -> b).orElseThrow();
    assertThat(coordinate(up, "x") - coordinate(down, "x")).isEqualTo(200);
    assertThat(coordinate(up, "y") - coordinate(down, "y")).isEqualTo(100);
  }

  @Test
  void launch_startsAnApplicationWindow() {
    desktop.launch("xfce4-terminal");
    await(() -> sandbox.commands().run("xdotool search --onlyvisible --class xfce4-terminal").succeeded(),
        "a terminal window");
    screenshot("07-terminal");
    // the page must stay visible for the other tests
    sandbox.commands().run("pkill -x xfce4-terminal");
  }

  @Test
  void open_handsBrowserAddressesToTheOneChromium_whichOutlivesTheCommand() {
    desktop.open("about:blank");
    await(() -> sandbox.commands().run("xdotool search --name 'about:blank'").succeeded(), "an about:blank tab");
    List<String> parents = sandbox.commands().run("pgrep -x chromium | while read p; do ps -o ppid= -p $p; done")
        .stdout().lines().map(String::strip).toList();
    assertThat(parents).as("the browser hangs under the sandbox's init, not under a command").contains("1");
    assertThat(sandbox.commands().run("pgrep -c -f '^/usr/lib/chromium/chromium --show' || true").stdout().strip())
        .as("one browser").isEqualTo("1");
    desktop.press("ctrl", "w");
  }

  @Test
  void badInput_isRefusedWithWhatToDo() {
    assertThatThrownBy(() -> desktop.press()).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("at least one key");
    assertThatThrownBy(() -> desktop.press("no such key!")).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("unknown key");
    assertThatThrownBy(() -> desktop.moveMouse(-1, 5)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("not negative");
    assertThatThrownBy(() -> desktop.launch("xterm; rm -rf ~")).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("desktop entry");
    assertThatThrownBy(() -> desktop.launch("no-such-application")).hasMessageContaining("no-such-application");
    assertThatThrownBy(() -> desktop.open(" ")).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void aSandboxWithoutADesktop_saysSo() {
    try (Sandbox base = orchestrator.client().create(CreateOptions.builder().metadata("test", "sdk-desktop-base").build())) {
      assertThatThrownBy(() -> base.desktop().screenshot()).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("has no desktop").hasMessageContaining("desktop template");
      assertThatThrownBy(() -> base.desktop().leftClick(1, 1)).isInstanceOf(InvalidArgumentException.class);
      assertThat(base.files().list("/tmp")).noneMatch(e -> e.name().startsWith(".soulbox-screenshot"));
    }
  }

  private static BufferedImage screenshot(String name) {
    byte[] png = desktop.screenshot();
    try {
      Files.write(SCREENSHOTS.resolve(name + ".png"), png);
      return ImageIO.read(new ByteArrayInputStream(png));
    } catch (IOException e) {
      throw new AssertionError("not a PNG: " + e.getMessage(), e);
    }
  }

  /** The bounding box of the pixels of one exact colour, or null. */
  private static Rectangle find(BufferedImage image, int rgb) {
    Rectangle box = null;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          box = box == null ? new Rectangle(x, y, 1, 1) : box.union(new Rectangle(x, y, 1, 1));
        }
      }
    }
    return box;
  }

  private static int colours(BufferedImage image) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 7) {
      for (int x = 0; x < image.getWidth(); x += 7) {
        seen.add(image.getRGB(x, y));
      }
    }
    return seen.size();
  }

  private static List<String> events() {
    String path = DIR + "/events.jsonl";
    return sandbox.files().exists(path) ? sandbox.files().read(path).lines().toList() : List.of();
  }

  private static void awaitEvent(Predicate<String> event, String what) {
    await(() -> events().stream().anyMatch(event), what);
  }

  private static int coordinate(String event, String name) {
    Matcher m = Pattern.compile("\"" + name + "\": (\\d+)").matcher(event);
    assertThat(m.find()).as(event).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** Waits up to 20 s for the condition; the failure names what was awaited and the page's events so far. */
  private static void await(BooleanSupplier condition, String what) {
    try {
      Awaitility.await(what).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
          .until(condition::getAsBoolean);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(what + ": not within 20 s; events so far: " + events(), e);
    }
  }
}
