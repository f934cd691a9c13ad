package dev.soulbox.agent.server;

import dev.soulbox.agent.os.Posix;
import dev.soulbox.config.Durations;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code java -jar soulbox-envd-agent.jar}: runs the agent until it is told to stop. */
@Command(name = "soulbox-envd-agent", mixinStandardHelpOptions = true, version = "soulbox-envd-agent " + AgentConfig.VERSION,
    description = "The SoulBox agent: processes, PTYs, files and watches of this machine, over gRPC and envd's HTTP API (E2B envd compatible).")
public final class AgentMain implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--port", defaultValue = "49983", description = "TCP port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  // Read from the environment here, not by picocli: a default value that starts like an option
  // (a random token beginning with -V or -h) would be parsed as one and refused.
  @Option(names = "--access-token",
      description = "Require this token in x-access-token on every call but health (default: $SOULBOX_ACCESS_TOKEN, else none).")
  String accessToken;

  private final Map<String, String> environment;

  AgentMain(Map<String, String> environment) {
    this.environment = environment;
  }

  @Option(names = "--default-user", description = "User for calls that name none (default: 'user' if it exists, else the agent's own).")
  String defaultUser;

  @Option(names = "--workdir", description = "Working directory of processes started without cwd (default: the user's home).")
  Path workdir;

  @Option(names = "--output-buffer-kib", defaultValue = "1024",
      description = "Output kept per process for replay, in KiB (default: ${DEFAULT-VALUE}).")
  long outputBufferKib;

  @Option(names = "--slow-client-timeout", defaultValue = "10s",
      description = "How long a client that reads no output may hold up a process before it is dropped (default: ${DEFAULT-VALUE}).",
      converter = DurationConverter.class)
  Duration slowClientTimeout;

  @Option(names = "--exit-retention", defaultValue = "30s",
      description = "How long a finished process stays queryable (default: ${DEFAULT-VALUE}).", converter = DurationConverter.class)
  Duration exitRetention;

  @Option(names = "--process-ledger",
      description = "File that records the agent's process groups, so the next agent on it kills what a killed agent left "
          + "running; 'none' turns this off (default: /run/soulbox/process-groups-PORT as root, else in java.io.tmpdir; "
          + "none with --port 0).")
  String processLedger;

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return commandLine(System.getenv());
  }

  static CommandLine commandLine(Map<String, String> environment) {
    // a token may begin like an option (-h…, -V…): an option's value is taken as it is
    return new CommandLine(new AgentMain(environment)).setAllowOptionsAsOptionParameters(true)
        .setParameterExceptionHandler(AgentMain::refuse);
  }

  /** The token calls must present: {@code --access-token}, else {@code $SOULBOX_ACCESS_TOKEN}; null for none. */
  String accessToken() {
    String token = accessToken != null ? accessToken : environment.get("SOULBOX_ACCESS_TOKEN");
    return token == null || token.isBlank() ? null : token;
  }

  /**
   * A bad option is one line on stderr, not the whole usage text: the agent runs under a
   * supervisor whose log readers (the orchestrator's launch errors, {@code docker logs --tail})
   * see only the last lines.
   */
  private static int refuse(CommandLine.ParameterException e, String[] args) {
    e.getCommandLine().getErr().println("soulbox-envd-agent: " + e.getMessage() + " (see --help)");
    return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
  }

  @Override
  public Integer call() throws Exception {
    Logger log = LoggerFactory.getLogger(AgentMain.class);
    if (workdir != null && !workdir.toFile().isDirectory()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--workdir " + workdir + " is not a directory");
    }
    AgentConfig config = AgentConfig.defaults()
        .withAccessToken(accessToken())
        .withDefaultUser(defaultUser)
        .withWorkdir(AgentServer.absolute(workdir))
        .withExitRetention(exitRetention)
        .withOutputBuffer(outputBufferKib * 1024, slowClientTimeout)
        .withProcessLedger(processLedger());
    AgentServer agent = AgentServer.onPort(new InetSocketAddress(host, port), config).start();
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "agent-shutdown"));
    log.info("SoulBox agent {} listening on {}:{} (default user {}, access token {})", AgentConfig.VERSION, host,
        agent.port(), agent.defaultUser().name(), config.accessToken() == null ? "off" : "required");
    agent.awaitTermination();
    return 0;
  }

  private Path processLedger() {
    if (processLedger != null) {
      return "none".equals(processLedger) ? null : AgentServer.absolute(Path.of(processLedger));
    }
    if (port == 0) {
      return null;
    }
    String name = "process-groups-" + port;
    return Posix.uid() == 0 ? Path.of("/run/soulbox", name)
        : Path.of(System.getProperty("java.io.tmpdir"), "soulbox-" + name);
  }

  /** Reads durations like "500ms", "10s", "2m", as {@link Durations} does. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
