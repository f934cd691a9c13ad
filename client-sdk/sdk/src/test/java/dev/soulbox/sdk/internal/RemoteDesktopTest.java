package dev.soulbox.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.soulbox.sdk.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteDesktopTest {
  @Test
  void keySym_takesE2bNames_xNames_functionKeys_andOneCharacter() {
    assertThat(RemoteDesktop.keySym("enter")).isEqualTo("Return");
    assertThat(RemoteDesktop.keySym("Ctrl")).isEqualTo("Control_L");
    assertThat(RemoteDesktop.keySym("esc")).isEqualTo("Escape");
    assertThat(RemoteDesktop.keySym("f5")).isEqualTo("F5");
    assertThat(RemoteDesktop.keySym("F12")).isEqualTo("F12");
    assertThat(RemoteDesktop.keySym("Page_Down")).isEqualTo("Page_Down");
    assertThat(RemoteDesktop.keySym("A")).isEqualTo("a");
    assertThat(RemoteDesktop.keySym("7")).isEqualTo("7");
    assertThat(RemoteDesktop.keySym("+")).isEqualTo("U002B");
    assertThat(RemoteDesktop.keySym("é")).isEqualTo("U00E9");
  }

  @Test
  void keySym_refusesWhatIsNoKey() {
    for (String bad : List.of("", "ctrl+c", "two words", "rm -rf", "$(reboot)")) {
      assertThatThrownBy(() -> RemoteDesktop.keySym(bad)).as(bad).isInstanceOf(InvalidArgumentException.class);
    }
  }

  @Test
  void quote_makesOneShellWordOfAnyText() throws Exception {
    for (String text : List.of("plain", "it's", "$(touch /tmp/x) `id` \"q\" \\ ; & |", "multi\nline", "'")) {
      Process echo = new ProcessBuilder("sh", "-c", "printf %s " + RemoteDesktop.quote(text)).start();
      assertThat(new String(echo.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(text);
      assertThat(echo.waitFor()).isZero();
    }
  }
}
