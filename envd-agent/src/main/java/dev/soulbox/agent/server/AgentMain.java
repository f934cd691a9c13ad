package dev.soulbox.agent.server;

import dev.soulbox.agent.os.Posix;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** {@code java -jar soulbox-envd-agent.jar}: runs the agent until it is told to stop. */
public final class AgentMain {
  /** The exit code of a bad command line. */
  static final int USAGE = 2;

  private AgentMain() {
  }

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(run(List.of(args), System.getenv(), System.out, System.err));
  }

  /**
   * Runs the agent until it stops; returns the exit code. A bad option is one line on stderr, not
   * the whole usage text: the agent runs under a supervisor whose log readers (the orchestrator's
   * launch errors, {@code docker logs --tail}) see only the last lines.
   */
  static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
    AgentOptions options;
    try {
      options = AgentOptions.parse(args, environment);
      if (options.workdir != null && !options.workdir.toFile().isDirectory()) {
        throw new IllegalArgumentException("--workdir " + options.workdir + " is not a directory");
      }
    } catch (IllegalArgumentException e) {
      err.println("soulbox-envd-agent: " + e.getMessage() + " (see --help)");
      return USAGE;
    }
    if (options.help) {
      out.print(AgentOptions.USAGE);
      return 0;
    }
    if (options.version) {
      out.println("soulbox-envd-agent " + AgentConfig.VERSION);
      return 0;
    }
    AgentConfig config = AgentConfig.defaults()
        .withAccessToken(options.accessToken())
        .withDefaultUser(options.defaultUser)
        .withWorkdir(AgentServer.absolute(options.workdir))
        .withExitRetention(options.exitRetention)
        .withOutputBuffer(options.outputBufferKib * 1024, options.slowClientTimeout)
        .withProcessLedger(processLedger(options));
    AgentServer agent;
    try {
      agent = AgentServer.onPort(new InetSocketAddress(options.host, options.port), config).start();
    } catch (IOException | RuntimeException e) {
      err.println("soulbox-envd-agent: cannot listen on " + options.host + ":" + options.port + ": " + e);
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "agent-shutdown"));
    Logger log = LoggerFactory.getLogger(AgentMain.class);
    log.info("SoulBox agent {} listening on {}:{} (default user {}, access token {})", AgentConfig.VERSION, options.host,
        agent.port(), agent.defaultUser().name(), config.accessToken() == null ? "off" : "required");
    try {
      agent.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static Path processLedger(AgentOptions options) {
    if (options.processLedger != null) {
      return "none".equals(options.processLedger) ? null : AgentServer.absolute(Path.of(options.processLedger));
    }
    if (options.port == 0) {
      return null;
    }
    String name = "process-groups-" + options.port;
    return Posix.uid() == 0 ? Path.of("/run/soulbox", name)
        : Path.of(System.getProperty("java.io.tmpdir"), "soulbox-" + name);
  }
}
