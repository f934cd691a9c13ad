package dev.soulbox.orchestrator.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

class BuildContextTest {
  @Test
  void tar_putsTheDockerfileFirstAndKeepsTheContext() throws Exception {
    ByteArrayOutputStream context = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(context)) {
      byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry("app/file.txt");
      entry.setSize(data.length);
      tar.putArchiveEntry(entry);
      tar.write(data);
      tar.closeArchiveEntry();
    }

    Map<String, String> entries = read(BuildContext.tar("FROM soulbox/base\n", context.toByteArray()));
    assertThat(entries).containsExactly(Map.entry(".soulbox.Dockerfile", "FROM soulbox/base\n"),
        Map.entry("app/file.txt", "payload"));
  }

  @Test
  void tar_withoutContextIsJustTheDockerfile() throws Exception {
    String dockerfile = "FROM soulbox/base\n" + "RUN echo x\n".repeat(100); // more than one block
    assertThat(read(BuildContext.tar(dockerfile, new byte[0]))).containsExactly(Map.entry(".soulbox.Dockerfile", dockerfile));
  }

  private static Map<String, String> read(byte[] tar) throws Exception {
    Map<String, String> entries = new LinkedHashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        assertThat(e.isCheckSumOK()).isTrue();
        entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return entries;
  }
}
