package dev.soulbox.agent.process;

import dev.soulbox.agent.auth.UserAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * What the process calls share: the registry, the launcher, a scheduler, the pool of threads that
 * read processes' output and finish them, and the output policy.
 */
public record ProcessContext(ProcessRegistry registry, ProcessLauncher launcher, ScheduledExecutorService scheduler,
                             ExecutorService processThreads, Supplier<Path> workdir, long outputBufferBytes,
                             Duration slowClientTimeout) {

  OutputBuffer newOutputBuffer() {
    return new OutputBuffer(outputBufferBytes, slowClientTimeout);
  }

  /** The agent's --workdir when set, else the user's home, else the root directory. */
  Path defaultWorkdir(UserAccount user) {
    Path dir = workdir.get();
    if (dir != null) {
      return dir;
    }
    return Files.isDirectory(user.home()) ? user.home() : Path.of("/");
  }
}
