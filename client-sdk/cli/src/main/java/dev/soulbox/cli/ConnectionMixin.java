package dev.soulbox.cli;

import dev.soulbox.sdk.SoulBox;
import picocli.CommandLine.Option;

/** {@code --endpoint} and {@code --api-key}: which orchestrator to talk to, ahead of the environment and config file. */
public final class ConnectionMixin {
  @Option(names = "--endpoint", paramLabel = "HOST:PORT",
      description = "Orchestrator's gRPC endpoint: host:port, http://host:port or https://host[:port] "
          + "(default: $SOULBOX_ENDPOINT, else the config file, else localhost:7070).")
  String endpoint;

  @Option(names = "--api-key", paramLabel = "KEY",
      description = "API key (default: $SOULBOX_API_KEY, else the config file).")
  String apiKey;

  public String endpoint() {
    return endpoint;
  }

  public String apiKey() {
    return apiKey;
  }

  /** A client for this command line's endpoint and key, else the environment's, else the config file's. */
  public SoulBox client() {
    SoulBox.Builder b = SoulBox.builder();
    if (endpoint != null) {
      b.endpoint(endpoint);
    }
    if (apiKey != null) {
      b.apiKey(apiKey);
    }
    return b.build();
  }
}
