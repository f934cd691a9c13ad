package dev.soulbox.agent.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How an agent is set up. {@code accessToken} null means open; {@code workdir} null means each
 * user's home; {@code processLedger} null means the agent's process groups are not recorded for
 * the next agent to clean up (see {@link dev.soulbox.agent.os.ProcessGroupLedger}).
 */
public record AgentConfig(
    String accessToken,
    String defaultUser,
    Path workdir,
    Duration keepaliveInterval,
    Duration exitRetention,
    long outputBufferBytes,
    Duration slowClientTimeout,
    Path processLedger,
    long maxUploadBytes) {

  public static final String VERSION = "0.1.0";
  /** The envd API level this agent serves; E2B's SDKs gate features on it. */
  public static final String ENVD_VERSION = "0.6.4";

  public static AgentConfig defaults() {
    return new AgentConfig(null, null, null, Duration.ofSeconds(90), Duration.ofSeconds(30), 1 << 20,
        Duration.ofSeconds(10), null, 1L << 40);
  }

  public AgentConfig withAccessToken(String token) {
    return new AgentConfig(token, defaultUser, workdir, keepaliveInterval, exitRetention, outputBufferBytes,
        slowClientTimeout, processLedger, maxUploadBytes);
  }

  public AgentConfig withDefaultUser(String user) {
    return new AgentConfig(accessToken, user, workdir, keepaliveInterval, exitRetention, outputBufferBytes,
        slowClientTimeout, processLedger, maxUploadBytes);
  }

  public AgentConfig withWorkdir(Path dir) {
    return new AgentConfig(accessToken, defaultUser, dir, keepaliveInterval, exitRetention, outputBufferBytes,
        slowClientTimeout, processLedger, maxUploadBytes);
  }

  public AgentConfig withExitRetention(Duration retention) {
    return new AgentConfig(accessToken, defaultUser, workdir, keepaliveInterval, retention, outputBufferBytes,
        slowClientTimeout, processLedger, maxUploadBytes);
  }

  public AgentConfig withOutputBuffer(long bytes, Duration slowClient) {
    return new AgentConfig(accessToken, defaultUser, workdir, keepaliveInterval, exitRetention, bytes, slowClient,
        processLedger, maxUploadBytes);
  }

  public AgentConfig withMaxUploadBytes(long bytes) {
    return new AgentConfig(accessToken, defaultUser, workdir, keepaliveInterval, exitRetention, outputBufferBytes,
        slowClientTimeout, processLedger, bytes);
  }

  public AgentConfig withProcessLedger(Path file) {
    return new AgentConfig(accessToken, defaultUser, workdir, keepaliveInterval, exitRetention, outputBufferBytes,
        slowClientTimeout, file, maxUploadBytes);
  }
}
