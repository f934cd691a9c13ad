package dev.soulbox.orchestrator.vnc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.soulbox.orchestrator.http.MapSandboxDirectory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VncRoutesTest {
  private static final String ID = "desktop0000000000001";
  private static final InetSocketAddress VNC = new InetSocketAddress("127.0.0.1", 5901);

  @TempDir
  Path tmp;

  @Test
  void published_writesAnOwnerOnlyTokenFile() throws IOException {
    Path dir = tmp.resolve("tokens");
    VncRoutes routes = new VncRoutes(() -> URI.create("http://localhost:7080"), Optional.of(new TokenFileWriter(dir)));

    routes.published(ID, "tok_1-A", VNC);

    Path file = dir.resolve(ID);
    assertThat(file).hasContent("tok_1-A: 127.0.0.1:5901");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    assertThat(filesIn(dir)).containsExactly(ID);
  }

  @Test
  void published_again_replacesTheRoute() throws IOException {
    VncRoutes routes = new VncRoutes(() -> URI.create("http://localhost:7080"), Optional.of(new TokenFileWriter(tmp)));

    routes.published(ID, "old", VNC);
    routes.published(ID, "new", new InetSocketAddress("127.0.0.1", 5999));

    assertThat(tmp.resolve(ID)).hasContent("new: 127.0.0.1:5999");
    assertThat(filesIn(tmp)).containsExactly(ID);
  }

  @Test
  void published_returnsTheLinks() {
    VncRoutes routes = new VncRoutes(() -> URI.create("http://localhost:7080"), Optional.empty());

    VncLinks links = routes.published(ID, "tok", VNC);

    assertThat(links.websocketUrl()).isEqualTo("ws://localhost:7080/websockify?token=tok");
    assertThat(links.novncUrl()).isEqualTo("http://localhost:7080/vnc/?token=tok");
  }

  @ParameterizedTest
  @CsvSource({
      "http://localhost:7080, ws://localhost:7080/websockify?token=a%2Bb, http://localhost:7080/vnc/?token=a%2Bb",
      "https://soulbox.example.com/, wss://soulbox.example.com/websockify?token=a%2Bb, https://soulbox.example.com/vnc/?token=a%2Bb",
      "https://example.com/soulbox, wss://example.com/soulbox/websockify?token=a%2Bb, https://example.com/soulbox/vnc/?token=a%2Bb"})
  void links_followThePublicBaseUrl(String base, String websocketUrl, String novncUrl) {
    assertThat(VncLinks.of(URI.create(base), "a+b")).isEqualTo(new VncLinks(websocketUrl, novncUrl));
  }

  @Test
  void removed_deletesTheFile() throws IOException {
    VncRoutes routes = new VncRoutes(() -> URI.create("http://localhost:7080"), Optional.of(new TokenFileWriter(tmp)));
    routes.published(ID, "tok", VNC);

    routes.removed(ID);
    routes.removed(ID);

    assertThat(filesIn(tmp)).isEmpty();
  }

  @Test
  void retainOnly_sweepsSandboxesThatAreGone() throws IOException {
    TokenFileWriter files = new TokenFileWriter(tmp);
    files.write(ID, "a", VNC);
    files.write("gone0000000000000001", "b", VNC);
    Files.writeString(tmp.resolve("README"), "not ours");

    files.retainOnly(Set.of(ID));

    assertThat(filesIn(tmp)).containsExactlyInAnyOrder(ID, "README");
  }

  @Test
  void write_refusesWhatATokenFileCannotHold() {
    TokenFileWriter files = new TokenFileWriter(tmp);

    assertThatThrownBy(() -> files.write("../etc/passwd", "tok", VNC)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> files.write(ID, "to:k\nevil: 10.0.0.1:22", VNC)).isInstanceOf(IllegalArgumentException.class);
  }

  private static Set<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return Set.copyOf(files.map(f -> f.getFileName().toString()).toList());
    }
  }
}
