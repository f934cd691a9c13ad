package dev.soulbox.orchestrator.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.time.Duration;

/** The one place a {@link DockerClient} is built; whoever builds it closes it. */
public final class DockerClients {
  public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

  private DockerClients() {}

  /** A client of the engine at {@code dockerHost}, else {@code $DOCKER_HOST}, else the local socket. */
  public static DockerClient create(String dockerHost) {
    String host = firstSet(dockerHost, System.getenv("DOCKER_HOST"), DEFAULT_HOST);
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
    ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        // followed log streams each hold a connection for as long as they are read
        .maxConnections(256)
        .connectionTimeout(Duration.ofSeconds(5))
        .build();
    return DockerClientImpl.getInstance(config, http);
  }

  /** The engine {@link #create} talks to for {@code dockerHost}, for messages. */
  public static String hostOf(String dockerHost) {
    return firstSet(dockerHost, System.getenv("DOCKER_HOST"), DEFAULT_HOST);
  }

  private static String firstSet(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    throw new IllegalStateException("unreachable: the last value is a constant");
  }
}
