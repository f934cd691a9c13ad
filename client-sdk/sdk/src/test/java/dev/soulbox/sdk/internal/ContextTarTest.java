package dev.soulbox.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Build contexts as tar archives, read back by the system's tar. */
class ContextTarTest {
  @Test
  void of_directory_isAnArchiveTarExtracts(@TempDir Path dir, @TempDir Path out) throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), "FROM soulbox/base\n");
    Path deep = dir.resolve("a".repeat(60)).resolve("b".repeat(60));
    Files.createDirectories(deep);
    Files.writeString(deep.resolve("long-name.txt"), "deep\n");
    Path script = dir.resolve("run.sh");
    Files.writeString(script, "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(dir.resolve("link"), Path.of("run.sh"));
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");

    Path tar = out.resolve("context.tar");
    Files.write(tar, ContextTar.of(dir));
    Path extracted = Files.createDirectory(out.resolve("x"));
    Process p = new ProcessBuilder("tar", "-xf", tar.toString(), "-C", extracted.toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(output).isZero();

    assertThat(Files.readString(extracted.resolve("Dockerfile"))).isEqualTo("FROM soulbox/base\n");
    assertThat(Files.readString(extracted.resolve(dir.relativize(deep)).resolve("long-name.txt"))).isEqualTo("deep\n");
    assertThat(Files.isExecutable(extracted.resolve("run.sh"))).isTrue();
    assertThat(Files.readSymbolicLink(extracted.resolve("link"))).isEqualTo(Path.of("run.sh"));
    assertThat(extracted.resolve(".git")).doesNotExist();
    try (var names = Files.list(extracted)) {
      assertThat(names.map(n -> n.getFileName().toString()).sorted().toList())
          .isEqualTo(List.of("Dockerfile", "a".repeat(60), "link", "run.sh"));
    }
  }

  @Test
  void of_notADirectory_isRefused(@TempDir Path dir) {
    assertThatThrownBy(() -> ContextTar.of(dir.resolve("missing"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a directory");
  }
}
