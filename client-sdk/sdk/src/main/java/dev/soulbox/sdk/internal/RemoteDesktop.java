package dev.soulbox.sdk.internal;

import dev.soulbox.sdk.CommandOptions;
import dev.soulbox.sdk.CommandResult;
import dev.soulbox.sdk.Commands;
import dev.soulbox.sdk.Desktop;
import dev.soulbox.sdk.Files;
import dev.soulbox.sdk.InvalidArgumentException;
import dev.soulbox.sdk.SoulBoxException;
import dev.soulbox.sdk.TimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A sandbox's desktop, driven with the X tools of the desktop template ({@code xdotool}, {@code scrot},
 * {@code xdg-open}, {@code gtk-launch}): each action is one command run by the sandbox's agent, so it costs one
 * round trip plus the tool's own time.
 */
final class RemoteDesktop implements Desktop {
  /** E2B's key names, so an agent written for its desktop SDK presses the same keys here. */
  private static final Map<String, String> KEYS = Map.ofEntries(
      Map.entry("alt", "Alt_L"), Map.entry("alt_left", "Alt_L"), Map.entry("alt_right", "Alt_R"),
      Map.entry("backspace", "BackSpace"), Map.entry("break", "Pause"), Map.entry("caps_lock", "Caps_Lock"),
      Map.entry("cmd", "Super_L"), Map.entry("command", "Super_L"), Map.entry("control", "Control_L"),
      Map.entry("control_left", "Control_L"), Map.entry("control_right", "Control_R"), Map.entry("ctrl", "Control_L"),
      Map.entry("del", "Delete"), Map.entry("delete", "Delete"), Map.entry("down", "Down"), Map.entry("end", "End"),
      Map.entry("enter", "Return"), Map.entry("esc", "Escape"), Map.entry("escape", "Escape"),
      Map.entry("home", "Home"), Map.entry("insert", "Insert"), Map.entry("left", "Left"), Map.entry("menu", "Menu"),
      Map.entry("meta", "Meta_L"), Map.entry("num_lock", "Num_Lock"), Map.entry("page_down", "Page_Down"),
      Map.entry("page_up", "Page_Up"), Map.entry("pause", "Pause"), Map.entry("print", "Print"),
      Map.entry("return", "Return"), Map.entry("right", "Right"), Map.entry("scroll_lock", "Scroll_Lock"),
      Map.entry("shift", "Shift_L"), Map.entry("shift_left", "Shift_L"), Map.entry("shift_right", "Shift_R"),
      Map.entry("space", "space"), Map.entry("super", "Super_L"), Map.entry("super_left", "Super_L"),
      Map.entry("super_right", "Super_R"), Map.entry("tab", "Tab"), Map.entry("up", "Up"),
      Map.entry("win", "Super_L"), Map.entry("windows", "Super_L"));
  private static final Pattern FUNCTION_KEY = Pattern.compile("f([1-9]|1[0-9]|2[0-4])");
  private static final Pattern X_KEY_NAME = Pattern.compile("[A-Za-z0-9_]+");
  private static final Pattern MOUSE_LOCATION = Pattern.compile("X=(\\d+)\\s+Y=(\\d+)");
  private static final Pattern GEOMETRY = Pattern.compile("(\\d+) (\\d+)");
  /** xdotool sleeps 100 ms after a click, meant for between repeated ones; a single click needs no such pause. */
  private static final String SINGLE = "--delay 0 ";
  private static final Pattern BROWSER_URL = Pattern.compile("(?i)(https?|about|chrome|data):");
  private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(20);
  /** Between the steps of a drag, so the application sees the button held while the pointer moves. */
  private static final String DRAG_PAUSE = "0.05";

  private final String sandboxId;
  private final Commands commands;
  private final Files files;
  private final Supplier<Optional<URI>> liveView;

  RemoteDesktop(String sandboxId, Commands commands, Files files, Supplier<Optional<URI>> liveView) {
    this.sandboxId = sandboxId;
    this.commands = commands;
    this.files = files;
    this.liveView = liveView;
  }

  @Override
  public byte[] screenshot() {
    String path = "/tmp/.soulbox-screenshot-" + UUID.randomUUID() + ".png";
    x("take a screenshot", "scrot --pointer --overwrite " + path);
    try {
      return files.readBytes(path);
    } finally {
      files.remove(path);
    }
  }

  @Override
  public ScreenSize screenSize() {
    Matcher m = GEOMETRY.matcher(x("read the screen size", "xdotool getdisplaygeometry").stdout().strip());
    if (!m.matches()) {
      throw new SoulBoxException("sandbox " + sandboxId + ": cannot read the screen size");
    }
    return new ScreenSize(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  @Override
  public Point cursorPosition() {
    Matcher m = MOUSE_LOCATION.matcher(x("read the pointer position", "xdotool getmouselocation --shell").stdout());
    if (!m.find()) {
      throw new SoulBoxException("sandbox " + sandboxId + ": cannot read the pointer position");
    }
    return new Point(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  @Override
  public void moveMouse(int x, int y) {
    x("move the mouse", "xdotool " + move(x, y));
  }

  @Override
  public void click(MouseButton button) {
    x("click", "xdotool click " + SINGLE + button.x11Button());
  }

  @Override
  public void click(int x, int y, MouseButton button) {
    x("click", "xdotool " + move(x, y) + " click " + SINGLE + button.x11Button());
  }

  @Override
  public void doubleClick(int x, int y) {
    x("double-click", "xdotool " + move(x, y) + " click --repeat 2 1");
  }

  @Override
  public void mouseDown(MouseButton button) {
    x("press a mouse button", "xdotool mousedown " + button.x11Button());
  }

  @Override
  public void mouseUp(MouseButton button) {
    x("release a mouse button", "xdotool mouseup " + button.x11Button());
  }

  @Override
  public void drag(int fromX, int fromY, int toX, int toY) {
    x("drag", "xdotool " + move(fromX, fromY) + " sleep " + DRAG_PAUSE + " mousedown 1 sleep " + DRAG_PAUSE + " "
        + move(toX, toY) + " sleep " + DRAG_PAUSE + " mouseup 1");
  }

  @Override
  public void scroll(int clicks) {
    if (clicks != 0) {
      x("scroll", "xdotool click --repeat " + Math.abs(clicks) + " " + (clicks > 0 ? 5 : 4));
    }
  }

  @Override
  public void type(String text) {
    if (text == null) {
      throw new InvalidArgumentException("text to type is null");
    }
    if (!text.isEmpty()) {
      x("type", "xdotool type --delay 12 -- " + quote(text));
    }
  }

  @Override
  public void press(String... keys) {
    if (keys == null || keys.length == 0) {
      throw new InvalidArgumentException("press needs at least one key, e.g. press(\"enter\") or press(\"ctrl\", \"c\")");
    }
    String combination = Stream.of(keys).map(RemoteDesktop::keySym).collect(Collectors.joining("+"));
    x("press " + String.join("+", keys), "xdotool key -- " + combination);
  }

  @Override
  public void open(String urlOrFile) {
    if (urlOrFile == null || urlOrFile.isBlank()) {
      throw new InvalidArgumentException("open needs a URL or a file path");
    }
    // web addresses go straight to the desktop's one browser; anything else to its default application, which a
    // desktop without one for it would ask about in a dialog that nobody closes
    String opener = BROWSER_URL.matcher(urlOrFile).lookingAt() ? "chromium " : "xdg-open ";
    x("open " + urlOrFile, detached(opener + quote(urlOrFile)), OPEN_TIMEOUT);
  }

  @Override
  public void launch(String application) {
    if (application == null || !X_KEY_NAME.matcher(application.replace('-', '_').replace('.', '_')).matches()) {
      throw new InvalidArgumentException("launch needs the name of a desktop entry, such as xfce4-terminal; got '"
          + application + "'");
    }
    x("launch " + application, detached("gtk-launch " + application));
  }

  @Override
  public String activeWindowTitle() {
    CommandResult r = commands.run("xdotool getactivewindow getwindowname 2>/dev/null");
    requireDesktop(r);
    return r.succeeded() ? r.stdout().strip() : "";
  }

  @Override
  public Optional<URI> liveViewUrl() {
    return liveView.get();
  }

  /** One X action; fails with what the tool said when it does. */
  private CommandResult x(String what, String commandLine) {
    return x(what, commandLine, ACTION_TIMEOUT);
  }

  private CommandResult x(String what, String commandLine, Duration timeout) {
    CommandResult r;
    try {
      r = commands.run(commandLine, CommandOptions.builder().timeout(timeout).build());
    } catch (TimeoutException e) {
      throw new TimeoutException("sandbox " + sandboxId + ": could not " + what + " within " + timeout.toSeconds()
          + " s (nothing on the desktop took it)", e);
    }
    requireDesktop(r);
    if (!r.succeeded()) {
      String said = (r.stderr() + r.stdout()).strip();
      throw new SoulBoxException("sandbox " + sandboxId + ": could not " + what + " (exit " + r.exitCode() + ")"
          + (said.isEmpty() ? "" : ": " + said));
    }
    return r;
  }

  private void requireDesktop(CommandResult r) {
    String err = r.stderr();
    if (r.exitCode() == 127 || err.contains("Can't open display") || err.contains("Cannot open display")) {
      throw new InvalidArgumentException("sandbox " + sandboxId + " has no desktop: create it from the desktop "
          + "template (or one built on it)");
    }
  }

  /**
   * A command that starts a program which outlives it: the program's output goes nowhere, so it holds none of the
   * command's pipes open, while the command's own complaints (an unknown application) still reach its stderr.
   */
  private static String detached(String commandLine) {
    return "err=$(mktemp) && { " + commandLine + " </dev/null >/dev/null 2>\"$err\"; rc=$?; "
        + "cat \"$err\" >&2; rm -f \"$err\"; exit $rc; }";
  }

  private static String move(int x, int y) {
    if (x < 0 || y < 0) {
      throw new InvalidArgumentException("screen coordinates are not negative; got (" + x + ", " + y + ")");
    }
    return "mousemove " + x + " " + y;
  }

  /** {@code text} as one word of a POSIX shell command line. */
  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /** The X key name for one of E2B's names, an X name, or a single character. */
  static String keySym(String key) {
    if (key == null || key.isEmpty()) {
      throw new InvalidArgumentException("a key name is empty");
    }
    String lower = key.toLowerCase(Locale.ROOT);
    String mapped = KEYS.get(lower);
    if (mapped != null) {
      return mapped;
    }
    if (FUNCTION_KEY.matcher(lower).matches()) {
      return "F" + lower.substring(1);
    }
    if (key.codePointCount(0, key.length()) == 1) {
      int c = key.codePointAt(0);
      return Character.isLetterOrDigit(c) && c < 128 ? lower : String.format("U%04X", c);
    }
    if (X_KEY_NAME.matcher(key).matches()) {
      return key;
    }
    throw new InvalidArgumentException("unknown key '" + key + "': use a name such as enter, ctrl, f5, Page_Down, "
        + "or one character");
  }
}
