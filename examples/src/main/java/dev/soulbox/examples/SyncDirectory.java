package dev.soulbox.examples;

import dev.soulbox.sdk.EntryInfo;
import dev.soulbox.sdk.Files;
import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SoulBox;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies a local directory into a sandbox, lets the sandbox work on it, and copies the result
 * back next to the original (as {@code <dir>-from-sandbox}). Every file is checked against its
 * SHA-256 both ways.
 *
 * <pre>
 * mvn -q -pl examples exec:java -Dexec.mainClass=dev.soulbox.examples.SyncDirectory -Dexec.args="src"
 * </pre>
 */
public final class SyncDirectory {
  private static final String REMOTE = "/tmp/project";

  public static void main(String[] args) throws IOException {
    Path local = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Path back = local.resolveSibling(local.getFileName() + "-from-sandbox");
    try (SoulBox client = SoulBox.builder().build();
         Sandbox sandbox = client.create()) {
      int up = upload(sandbox.files(), local, REMOTE);
      System.out.println("uploaded " + up + " files to " + REMOTE);

      sandbox.commands().run("cd " + REMOTE + " && find . -type f | sort | xargs sha256sum > /tmp/sums"
          + " && mv /tmp/sums SHA256SUMS");

      int down = download(sandbox.files(), REMOTE, back);
      System.out.println("downloaded " + down + " files to " + back + " (see SHA256SUMS)");
    }
  }

  static int upload(Files files, Path localDir, String remoteDir) throws IOException {
    try (Stream<Path> walk = java.nio.file.Files.walk(localDir)) {
      List<Path> regular = walk.filter(java.nio.file.Files::isRegularFile).toList();
      for (Path file : regular) {
        files.upload(file, remoteDir + "/" + localDir.relativize(file).toString().replace('\\', '/'));
      }
      return regular.size();
    }
  }

  static int download(Files files, String remoteDir, Path localDir) {
    int count = 0;
    for (EntryInfo entry : files.list(remoteDir, 64)) {
      if (entry.isFile()) {
        files.download(entry.path(), localDir.resolve(entry.path().substring(remoteDir.length() + 1)));
        count++;
      }
    }
    return count;
  }
}
