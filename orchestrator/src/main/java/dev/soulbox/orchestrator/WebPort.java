package dev.soulbox.orchestrator;

import dev.soulbox.orchestrator.console.Console;
import dev.soulbox.orchestrator.e2b.E2bApi;
import dev.soulbox.orchestrator.http.Bridges;
import dev.soulbox.orchestrator.http.HttpGateway;
import dev.soulbox.orchestrator.http.HttpGatewayOptions;
import dev.soulbox.orchestrator.http.HttpMetrics;
import dev.soulbox.orchestrator.http.Routes;
import dev.soulbox.orchestrator.http.WebFeature;
import dev.soulbox.orchestrator.lifecycle.SandboxDirectory;
import dev.soulbox.orchestrator.metrics.Metrics;
import dev.soulbox.orchestrator.ops.OpsRoutes;
import dev.soulbox.orchestrator.ports.PortBridge;
import dev.soulbox.orchestrator.vnc.VncWebRoutes;
import dev.soulbox.orchestrator.webshell.WebShell;
import java.util.List;

/**
 * The orchestrator's web port (7080): the HTTP transport with what each feature serves on it. Traffic only ever goes
 * to addresses the {@link SandboxDirectory} gives for a sandbox.
 * <ul>
 *   <li>{@code /healthz} and {@code /metrics} ({@link OpsRoutes});</li>
 *   <li>the noVNC page under {@code /vnc/} and {@code /websockify?token=…} ({@link VncWebRoutes});</li>
 *   <li>sandbox ports, by a host {@code <port>-<sandbox id>.localhost[:7080]} (any domain after the first label) or
 *       by {@code E2b-Sandbox-Id} and {@code E2b-Sandbox-Port} ({@link PortBridge}): a host route takes the whole
 *       connection, header routes go request by request, beside the gateway's own requests on the same
 *       connection;</li>
 *   <li>E2B's control-plane API under {@code /sandboxes}, {@code /v2/sandboxes} and {@code /templates}
 *       ({@link E2bApi}), when given;</li>
 *   <li>the web console at {@code /} and {@code /console/} ({@link Console}), when given;</li>
 *   <li>the web console at {@code /} and {@code /console/} ({@link Console}), when given;</li>
 *   <li>the web shell: Socket.IO at {@code /sandbox/ws} and {@code /api/sandbox/…} ({@link WebShell}), when given.</li>
 * </ul>
 */
public final class WebPort {
  private WebPort() {}

  /** The gateway on {@code bindAddress:port}, not started yet. */
  public static HttpGateway create(String bindAddress, int port, SandboxDirectory directory, Metrics metrics,
                                   HttpGatewayOptions options) {
    return create(bindAddress, port, directory, metrics, options, "localhost", List.of());
  }

  /**
   * The gateway with E2B's API too.
   *
   * @param publicDomain the domain sandbox hosts are under; requests to it may be routed by E2B's headers
   * @param features what else the port serves: E2B's API, the web shell
   */
  public static HttpGateway create(String bindAddress, int port, SandboxDirectory directory, Metrics metrics,
                                   HttpGatewayOptions options, String publicDomain, List<WebFeature> features) {
    HttpMetrics httpMetrics = new HttpMetrics(metrics);
    Bridges bridges = new Bridges(options.connectTimeout(), httpMetrics);
    Routes routes = new Routes(httpMetrics, bridges);
    OpsRoutes.register(routes, metrics);
    VncWebRoutes.register(routes, directory, bridges);
    routes.add(new PortBridge(directory, bridges, httpMetrics, publicDomain));
    features.forEach(f -> f.register(routes));
    return new HttpGateway(bindAddress, port, options, routes);
  }
}
