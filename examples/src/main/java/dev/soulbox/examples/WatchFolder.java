package dev.soulbox.examples;

import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SoulBox;
import dev.soulbox.sdk.WatchHandle;

/**
 * Watches a folder in a sandbox and prints each change, while a command in the sandbox creates,
 * edits, renames and deletes files in it.
 *
 * <pre>
 * mvn -q -pl examples exec:java -Dexec.mainClass=dev.soulbox.examples.WatchFolder
 * </pre>
 */
public final class WatchFolder {
  public static void main(String[] args) {
    String folder = "/tmp/watched";
    try (SoulBox client = SoulBox.builder().build();
         Sandbox sandbox = client.create()) {
      sandbox.files().makeDir(folder);
      try (WatchHandle watch = sandbox.files().watchDir(folder, true,
          event -> System.out.println(event.type() + " " + event.name()))) {
        sandbox.commands().run("cd " + folder + " && mkdir logs && echo one > a.txt && echo two >> a.txt"
            + " && mv a.txt b.txt && echo line > logs/app.log && rm b.txt && sleep 1");
        watch.failure().ifPresent(f -> System.err.println("watch failed: " + f.getMessage()));
      }
    }
  }
}
