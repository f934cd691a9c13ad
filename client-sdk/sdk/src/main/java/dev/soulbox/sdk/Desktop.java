package dev.soulbox.sdk;

import java.net.URI;
import java.util.Optional;

/**
 * The desktop of a sandbox made from the {@code desktop} template (or one built on it), as a computer-use agent
 * drives it: look at the screen, move and click the mouse, type and press keys, open a URL in its browser, start an
 * application. Coordinates are screen pixels from the top left. Each call acts on the real display in the sandbox and
 * returns once the action is done.
 *
 * <pre>{@code
 * try (Sandbox sandbox = client.create(CreateOptions.builder().template("desktop").build())) {
 *   Desktop desktop = sandbox.desktop();
 *   desktop.open("https://example.com");
 *   byte[] png = desktop.screenshot();
 *   desktop.leftClick(640, 400);
 *   desktop.type("hello");
 *   desktop.press("ctrl", "a");
 * }
 * }</pre>
 *
 * <p>On a sandbox without a desktop every call fails with an {@link InvalidArgumentException} saying so.
 */
public interface Desktop {
  /** The screen as a PNG, with the mouse pointer drawn. */
  byte[] screenshot();

  /** The screen's size in pixels. */
  ScreenSize screenSize();

  /** Where the mouse pointer is. */
  Point cursorPosition();

  /** Moves the mouse pointer to {@code (x, y)}. */
  void moveMouse(int x, int y);

  /** Clicks a mouse button where the pointer is. */
  void click(MouseButton button);

  /** Moves the pointer to {@code (x, y)} and clicks the left button. */
  default void leftClick(int x, int y) {
    click(x, y, MouseButton.LEFT);
  }

  /** Moves the pointer to {@code (x, y)} and clicks the right button. */
  default void rightClick(int x, int y) {
    click(x, y, MouseButton.RIGHT);
  }

  /** Moves the pointer to {@code (x, y)} and clicks the middle button. */
  default void middleClick(int x, int y) {
    click(x, y, MouseButton.MIDDLE);
  }

  /** Moves the pointer to {@code (x, y)} and clicks a button there, in one action. */
  void click(int x, int y, MouseButton button);

  /** Moves the pointer to {@code (x, y)} and double-clicks the left button. */
  void doubleClick(int x, int y);

  /** Presses a mouse button down where the pointer is, and holds it. */
  void mouseDown(MouseButton button);

  /** Releases a mouse button. */
  void mouseUp(MouseButton button);

  /** Drags with the left button held from {@code (fromX, fromY)} to {@code (toX, toY)}. */
  void drag(int fromX, int fromY, int toX, int toY);

  /** Turns the mouse wheel where the pointer is: {@code clicks} notches, down when positive, up when negative. */
  void scroll(int clicks);

  /** Types text into the focused window, as keystrokes. */
  void type(String text);

  /**
   * Presses keys together and releases them: one key ({@code "enter"}), or a combination ({@code "ctrl", "c"}). Names
   * are E2B's ({@code enter}, {@code esc}, {@code ctrl}, {@code alt}, {@code shift}, {@code super}, {@code tab},
   * {@code backspace}, {@code up}, {@code f5}, …), X key names ({@code Return}, {@code Page_Down}), or one character.
   */
  void press(String... keys);

  /**
   * Opens a web address ({@code http:}, {@code https:}, {@code about:}, {@code data:}) in the desktop's browser
   * (Chromium), or a file or other URL in its default application; returns once it is handed over, and fails with a
   * {@link TimeoutException} after 20 s when nothing takes it.
   */
  void open(String urlOrFile);

  /** Starts an application by its desktop entry name ({@code xfce4-terminal}, {@code thunar}, {@code chromium}). */
  void launch(String application);

  /** The title of the focused window; empty when none has the focus. */
  String activeWindowTitle();

  /** The noVNC page that shows this desktop live, when the sandbox was created with {@code vnc(true)}. */
  Optional<URI> liveViewUrl();

  /** A mouse button. */
  enum MouseButton {
    LEFT(1), MIDDLE(2), RIGHT(3);

    private final int x11Button;

    MouseButton(int x11Button) {
      this.x11Button = x11Button;
    }

    /** The button's number in X11 (1 left, 2 middle, 3 right). */
    public int x11Button() {
      return x11Button;
    }
  }

  /** A screen's size in pixels. */
  record ScreenSize(int width, int height) {
  }

  /** A position on the screen, in pixels from the top left. */
  record Point(int x, int y) {
  }
}
