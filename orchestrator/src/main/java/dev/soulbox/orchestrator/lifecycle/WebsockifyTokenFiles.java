package dev.soulbox.orchestrator.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a directory in the format of websockify's {@code TokenFile} plugin ({@code --token-source}):
 * one file per VNC sandbox, named after it, holding {@code <token>: <host>:<port>}. A stock
 * websockify pointed at the directory then routes the same tokens the orchestrator hands out.
 */
public final class WebsockifyTokenFiles {
  private static final Logger log = LoggerFactory.getLogger(WebsockifyTokenFiles.class);

  private final Path dir;

  public WebsockifyTokenFiles(Path dir) {
    this.dir = dir;
  }

  /** Writes a file for every VNC sandbox {@code sandboxes} records from now on, and removes it when it goes. */
  public void attach(Sandboxes sandboxes) {
    clear();
    sandboxes.onAdded(s -> sandboxes.vncToken(s).ifPresent(token -> write(s, token)));
    sandboxes.onRemoved(this::delete);
  }

  private void write(SandboxInstance s, String token) {
    String line = token + ": " + s.vnc().getHostString() + ":" + s.vnc().getPort() + "\n";
    StateFiles.writeAtomically(dir.resolve(s.sandboxId()), line.getBytes(StandardCharsets.UTF_8), true);
  }

  private void delete(String sandboxId) {
    try {
      Files.deleteIfExists(dir.resolve(sandboxId));
    } catch (IOException e) {
      log.warn("sandbox {}: cannot delete its websockify token file: {}", sandboxId, e.toString());
    }
  }

  /** Drops files of sandboxes from an earlier run; the live ones are written again as they are adopted. */
  private void clear() {
    try {
      Files.createDirectories(dir);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        for (Path f : files) {
          if (SandboxIds.isWellFormed(f.getFileName().toString())) {
            Files.deleteIfExists(f);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the websockify token dir " + dir, e);
    }
  }
}
