package dev.soulbox.cli.command;

import dev.soulbox.cli.ExitCodes;
import dev.soulbox.cli.ExitException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code soulbox server …}: the orchestrator's {@code serve}, run from the orchestrator's own jar in
 * a child JVM, so the command line carries none of the orchestrator's code. Every argument,
 * {@code --help} included, goes to {@code serve} unchanged; its output comes back through this
 * command's writers, and stopping {@code soulbox} (Ctrl-C, SIGTERM) stops the orchestrator too.
 */
@Command(name = "server", header = "Run the orchestrator (sandboxes on this machine's Docker engine).",
    description = {"Runs the orchestrator's own jar ($SOULBOX_ORCHESTRATOR_JAR, else "
        + "orchestrator/target/soulbox-orchestrator.jar of the repository this command was built in) as `serve` "
        + "with these arguments until it is stopped, with $SOULBOX_SERVER_JAVA_OPTS as its JVM options. "
        + "`soulbox server --help` lists the orchestrator's options."})
public final class ServerCommand implements Callable<Integer> {
  /** Where the orchestrator's runnable jar is, when not in this repository's layout. */
  private static final String JAR_ENV = "SOULBOX_ORCHESTRATOR_JAR";
  /** JVM options of the orchestrator's JVM, separated by blanks. */
  private static final String JAVA_OPTS_ENV = "SOULBOX_SERVER_JAVA_OPTS";
  private static final String COMMAND_NAME_ENV = "SOULBOX_COMMAND_NAME";
  private static final String JAR_IN_REPOSITORY = "orchestrator/target/soulbox-orchestrator.jar";
  /** How long the orchestrator has to stop when soulbox is stopped, before it is killed. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(60);

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "ARG", description = "Arguments of the orchestrator's serve, such as --grpc-port 7070.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command()).redirectInput(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put(COMMAND_NAME_ENV, "soulbox server");
    return relay(builder.start());
  }

  /** {@code java [$SOULBOX_SERVER_JAVA_OPTS] -jar soulbox-orchestrator.jar serve ARG…}, with this JVM's java. */
  private List<String> command() throws URISyntaxException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    String javaOpts = System.getenv(JAVA_OPTS_ENV);
    if (javaOpts != null && !javaOpts.isBlank()) {
      command.addAll(Arrays.asList(javaOpts.strip().split("\\s+")));
    }
    command.addAll(List.of("-jar", orchestratorJar().toString(), "serve"));
    command.addAll(args);
    return command;
  }

  /** Copies the orchestrator's output until it exits, and stops it when this JVM is stopped first. */
  private int relay(Process orchestrator) throws InterruptedException {
    Thread stdout = copyLines(orchestrator.getInputStream(), spec.commandLine().getOut(), "stdout");
    Thread stderr = copyLines(orchestrator.getErrorStream(), spec.commandLine().getErr(), "stderr");
    // Through its ProcessHandle: Process.destroy() would also close the pipes, and lose the last lines.
    ProcessHandle handle = orchestrator.toHandle();
    Thread stop = new Thread(() -> {
      handle.destroy();
      try {
        if (!orchestrator.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          handle.destroyForcibly();
        }
        stdout.join();
        stderr.join();
      } catch (InterruptedException e) {
        handle.destroyForcibly();
      }
    }, "soulbox-server-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    try {
      int code = orchestrator.waitFor();
      stdout.join();
      stderr.join();
      return code;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stop);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running and stops the orchestrator
      }
    }
  }

  /** {@code $SOULBOX_ORCHESTRATOR_JAR}, else the jar where this repository's build puts it. */
  private static Path orchestratorJar() throws URISyntaxException {
    String configured = System.getenv(JAR_ENV);
    Path jar;
    if (configured != null && !configured.isBlank()) {
      jar = Path.of(configured);
    } else {
      // client-sdk/cli/target/soulbox-cli.jar, or client-sdk/cli/target/classes when run from the build
      Path cliTarget = Path.of(ServerCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toAbsolutePath().getParent();
      jar = cliTarget.resolve("../../..").resolve(JAR_IN_REPOSITORY).normalize();
    }
    if (!Files.isRegularFile(jar)) {
      throw new ExitException(ExitCodes.FAILED, "the orchestrator's jar " + jar + " is missing; build it with "
          + "`mvn -DskipTests package` in the SoulBox repository, or point " + JAR_ENV + " at it");
    }
    return jar;
  }

  /** Copies the orchestrator's output to {@code to} as it comes, a whole line at a time. */
  private static Thread copyLines(InputStream from, PrintWriter to, String name) {
    Thread copy = new Thread(() -> {
      // the child JVM writes in the platform's charset, which is also this JVM's default
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(from, Charset.defaultCharset()))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          to.println(line);
          to.flush();
        }
      } catch (IOException e) {
        // the orchestrator is gone; its exit code says how
      }
    }, "soulbox-server-" + name);
    copy.setDaemon(true);
    copy.start();
    return copy;
  }
}
