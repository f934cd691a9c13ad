package dev.soulbox.agent.http;

import dev.soulbox.agent.auth.UserAccounts;
import dev.soulbox.agent.init.SandboxSettings;
import dev.soulbox.agent.system.SystemMetrics;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * envd's REST endpoints: {@code /health} (open), {@code /files} (token or signature),
 * {@code /init} (see {@link InitRoute}), {@code /envs} and {@code /metrics} (token).
 */
public final class EnvdRoutes {
  private final FilesRoutes files;
  private final InitRoute init;
  private final SandboxSettings settings;
  private final SystemMetrics metrics;

  public EnvdRoutes(FilesRoutes files, SandboxSettings settings, UserAccounts accounts, SystemMetrics metrics,
      String envdVersion) {
    this.files = files;
    this.init = new InitRoute(settings, accounts, envdVersion);
    this.settings = settings;
    this.metrics = metrics;
  }

  Exchange route(Reply reply) {
    String method = reply.request().method().name();
    boolean get = method.equals("GET") || method.equals("HEAD");
    switch (reply.path()) {
      case "/health":
        if (!get) {
          return notAllowed(reply, "GET");
        }
        reply.empty(HttpResponseStatus.NO_CONTENT);
        return new ConnectCall.Discard();
      case "/files":
        if (get) {
          return files.download(reply);
        }
        return method.equals("POST") ? files.upload(reply) : notAllowed(reply, "GET, POST");
      case "/init":
        return method.equals("POST") ? init.handle(reply) : notAllowed(reply, "POST");
      case "/envs":
        if (!get) {
          return notAllowed(reply, "GET");
        }
        if (authorized(reply)) {
          reply.json(HttpResponseStatus.OK, Json.object(settings.envVars()));
        }
        return new ConnectCall.Discard();
      case "/metrics":
        if (!get) {
          return notAllowed(reply, "GET");
        }
        if (authorized(reply)) {
          reply.json(HttpResponseStatus.OK, metricsJson(metrics.read()));
        }
        return new ConnectCall.Discard();
      default:
        reply.closeAfter();
        reply.json(HttpResponseStatus.NOT_FOUND, Rest.error(404, "no such endpoint: " + method + " " + reply.path()));
        return new ConnectCall.Discard();
    }
  }

  /** envd's check of {@code X-Access-Token}; answers 401 when it fails. */
  private boolean authorized(Reply reply) {
    String token = settings.accessToken();
    if (token == null) {
      return true;
    }
    String presented = reply.headers().get("x-access-token");
    if (presented != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
        presented.getBytes(StandardCharsets.UTF_8))) {
      return true;
    }
    reply.json(HttpResponseStatus.UNAUTHORIZED, Rest.error(401, presented == null
        ? "missing X-Access-Token header; this sandbox requires its access token"
        : "X-Access-Token does not match this sandbox's access token"));
    return false;
  }

  /** envd's {@code /metrics} document. */
  static String metricsJson(SystemMetrics.Snapshot s) {
    long mib = 1024 * 1024;
    return "{\"ts\":" + System.currentTimeMillis() / 1000
        + ",\"cpu_count\":" + s.cpuCount()
        + ",\"cpu_used_pct\":" + Math.round(s.cpuUsedPct() * 100) / 100.0
        + ",\"mem_total\":" + s.memTotal()
        + ",\"mem_used\":" + s.memUsed()
        + ",\"mem_total_mib\":" + s.memTotal() / mib
        + ",\"mem_used_mib\":" + s.memUsed() / mib
        + ",\"disk_used\":" + s.diskUsed()
        + ",\"disk_total\":" + s.diskTotal() + "}";
  }

  private static Exchange notAllowed(Reply reply, String allowed) {
    reply.closeAfter();
    reply.json(HttpResponseStatus.METHOD_NOT_ALLOWED, Rest.error(405, reply.path() + " takes " + allowed));
    return new ConnectCall.Discard();
  }
}
