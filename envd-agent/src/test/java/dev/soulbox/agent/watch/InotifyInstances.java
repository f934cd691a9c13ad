package dev.soulbox.agent.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Counts this JVM's open inotify instances, to prove that watches give theirs back. */
final class InotifyInstances {
  private InotifyInstances() {}

  static long open() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(InotifyInstances::isInotify).count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean isInotify(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString().contains("inotify");
    } catch (IOException e) {
      return false;   // closed while we looked
    }
  }
}
