package dev.soulbox.orchestrator.proxy;

import com.google.gson.JsonObject;
import dev.soulbox.orchestrator.lifecycle.AgentInit;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxLaunchException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * envd's {@code POST /init} on the agent's port, authorised with the token the sandbox was started with:
 * the agent takes the new token and environment together, or refuses them all.
 */
public final class AgentInitCall implements AgentInit {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final int WARM_ROUNDS = 3;

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1) // the agent's port speaks HTTP/1.1 or gRPC's HTTP/2, not h2c upgrades
      .connectTimeout(TIMEOUT)
      .build();

  @Override
  public void init(SandboxInstance sandbox, String accessToken, Map<String, String> envVars) {
    JsonObject vars = new JsonObject();
    envVars.forEach(vars::addProperty);
    JsonObject body = new JsonObject();
    body.addProperty("accessToken", accessToken);
    body.add("envVars", vars);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + sandbox.agent().getHostString() + ":"
            + sandbox.agent().getPort() + "/init"))
        .timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (sandbox.accessToken() != null) {
      request.header("X-Access-Token", sandbox.accessToken());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SandboxLaunchException("the agent of sandbox " + sandbox.sandboxId() + " did not take its init: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxLaunchException("interrupted while initialising sandbox " + sandbox.sandboxId(), e);
    }
    if (response.statusCode() != 204) {
      throw new SandboxLaunchException("the agent of sandbox " + sandbox.sandboxId() + " refused its init: HTTP "
          + response.statusCode() + " " + response.body());
    }
  }

  /**
   * envd's {@code GET /health} and {@code GET /envs} and a process list (which builds the agent's
   * process API on first use, some 30 ms of a sandbox's first command otherwise), a few times each;
   * none leaves a trace for the claim. What fails is left to the claim to find.
   */
  @Override
  public void warm(SandboxInstance sandbox) {
    String base = "http://" + sandbox.agent().getHostString() + ":" + sandbox.agent().getPort();
    for (int i = 0; i < WARM_ROUNDS; i++) {
      for (String path : List.of("/health", "/envs", "/process.Process/List")) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
        if (path.startsWith("/process.")) {
          request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        } else {
          request.GET();
        }
        if (sandbox.accessToken() != null) {
          request.header("X-Access-Token", sandbox.accessToken());
        }
        try {
          http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
          return;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
