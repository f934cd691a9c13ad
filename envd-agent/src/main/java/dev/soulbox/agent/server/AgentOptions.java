package dev.soulbox.agent.server;

import dev.soulbox.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The agent's command line: {@code --name value} or {@code --name=value}. Parsed here rather than
 * by picocli, whose reflective model and Java 5 class files (which the class-data archive cannot
 * hold) cost every sandbox a tenth of a second of start-up and a megabyte of memory for nine options.
 */
final class AgentOptions {
  static final String USAGE = """
      Usage: soulbox-envd-agent [OPTIONS]
      The SoulBox agent: processes, PTYs, files and watches of this machine, over gRPC and envd's HTTP API (E2B envd compatible).
            --port=PORT               TCP port to listen on (default: 49983).
            --host=ADDRESS            Address to listen on (default: 0.0.0.0).
            --access-token=TOKEN      Require this token in x-access-token on every call but health
                                        (default: $SOULBOX_ACCESS_TOKEN, else none).
            --default-user=USER       User for calls that name none (default: 'user' if it exists, else the agent's own).
            --workdir=DIR             Working directory of processes started without cwd (default: the user's home).
            --output-buffer-kib=KIB   Output kept per process for replay, in KiB (default: 1024).
            --slow-client-timeout=DURATION
                                      How long a client that reads no output may hold up a process before it is
                                        dropped (default: 10s).
            --exit-retention=DURATION How long a finished process stays queryable (default: 30s).
            --process-ledger=FILE     File that records the agent's process groups, so the next agent on it kills what
                                        a killed agent left running; 'none' turns this off (default:
                                        /run/soulbox/process-groups-PORT as root, else in java.io.tmpdir; none with --port 0).
        -h, --help                    Show this help message and exit.
        -V, --version                 Print version information and exit.
      """;

  private static final List<String> NAMES = List.of("--port", "--host", "--access-token", "--default-user", "--workdir",
      "--output-buffer-kib", "--slow-client-timeout", "--exit-retention", "--process-ledger");

  boolean help;
  boolean version;
  int port = 49983;
  String host = "0.0.0.0";
  String defaultUser;
  Path workdir;
  long outputBufferKib = 1024;
  Duration slowClientTimeout = Duration.ofSeconds(10);
  Duration exitRetention = Duration.ofSeconds(30);
  String processLedger;
  private String accessToken;
  private final Map<String, String> environment;

  private AgentOptions(Map<String, String> environment) {
    this.environment = environment;
  }

  /**
   * Reads {@code args}; an option's value is taken as it is, so a token may begin like an option
   * ({@code -h…}, {@code -V…}).
   *
   * @throws IllegalArgumentException with a one-line message naming the option, for a bad command line
   */
  static AgentOptions parse(List<String> args, Map<String, String> environment) {
    AgentOptions options = new AgentOptions(environment);
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "-h", "--help" -> options.help = true;
        case "-V", "--version" -> options.version = true;
        default -> {
          int eq = arg.indexOf('=');
          String name = eq < 0 ? arg : arg.substring(0, eq);
          if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("Unknown option: '" + arg + "'");
          }
          if (eq < 0 && i + 1 == args.size()) {
            throw new IllegalArgumentException("Missing value for option '" + name + "'");
          }
          options.set(name, eq < 0 ? args.get(++i) : arg.substring(eq + 1));
        }
      }
    }
    return options;
  }

  private void set(String name, String value) {
    switch (name) {
      case "--port" -> port = (int) number(name, value, 0, 65535);
      case "--host" -> host = value;
      case "--access-token" -> accessToken = value;
      case "--default-user" -> defaultUser = value;
      case "--workdir" -> workdir = Path.of(value);
      case "--output-buffer-kib" -> outputBufferKib = number(name, value, 1, Long.MAX_VALUE / 1024);
      case "--slow-client-timeout" -> slowClientTimeout = duration(name, value);
      case "--exit-retention" -> exitRetention = duration(name, value);
      case "--process-ledger" -> processLedger = value;
      default -> throw new IllegalStateException(name);
    }
  }

  /** The token calls must present: {@code --access-token}, else {@code $SOULBOX_ACCESS_TOKEN}; null for none. */
  String accessToken() {
    String token = accessToken != null ? accessToken : environment.get("SOULBOX_ACCESS_TOKEN");
    return token == null || token.isBlank() ? null : token;
  }

  private static long number(String name, String value, long min, long max) {
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("Invalid value for option '" + name + "': '" + value + "' is not a whole number from "
        + min + " to " + max);
  }

  private static Duration duration(String name, String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid value for option '" + name + "': " + e.getMessage(), e);
    }
  }
}
