package dev.soulbox.orchestrator.ops;

import dev.soulbox.orchestrator.http.Responses;
import dev.soulbox.orchestrator.http.Route;
import dev.soulbox.orchestrator.http.Routes;
import dev.soulbox.orchestrator.metrics.Metrics;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** What operators and their tools read on the web port: {@code GET /healthz} and {@code GET /metrics} (Prometheus). */
public final class OpsRoutes {
  private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  private OpsRoutes() {}

  public static void register(Routes routes, Metrics metrics) {
    routes.add(Route.get("healthz", "/healthz", exchange -> exchange.respond(Responses.text(HttpResponseStatus.OK, "ok"))))
        .add(Route.get("metrics", "/metrics", exchange -> exchange.respond(
            Responses.of(HttpResponseStatus.OK, PROMETHEUS, metrics.render().getBytes(StandardCharsets.UTF_8)))));
  }
}
