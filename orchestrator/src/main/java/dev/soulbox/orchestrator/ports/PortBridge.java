package dev.soulbox.orchestrator.ports;

import dev.soulbox.orchestrator.http.Bridges;
import dev.soulbox.orchestrator.http.ConnectionRoute;
import dev.soulbox.orchestrator.http.HttpMetrics;
import dev.soulbox.orchestrator.http.RequestHead;
import dev.soulbox.orchestrator.http.Responses;
import dev.soulbox.orchestrator.lifecycle.SandboxDirectory;
import dev.soulbox.orchestrator.runtime.SandboxEndpoint;
import dev.soulbox.orchestrator.runtime.SandboxState;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandbox ports on the web port: a connection whose first request is for {@code <port>-<sandbox id>.<domain>}, or
 * carries {@code E2b-Sandbox-Id} and {@code E2b-Sandbox-Port}, is joined to that port inside the sandbox. From then on
 * it is spliced byte for byte both ways, so keep-alive, chunked bodies, large uploads and WebSocket upgrades all pass
 * through as the sandbox's server speaks them. Unknown sandbox: 404; paused: 503; nothing listening: 502 — each with
 * an E2B-shaped JSON body.
 */
public final class PortBridge implements ConnectionRoute {
  private static final Logger log = LoggerFactory.getLogger(PortBridge.class);
  static final String ROUTE = "sandbox_port";
  static final String HTTP = "http";
  static final String WEBSOCKET = "websocket";

  private final SandboxDirectory directory;
  private final Bridges bridges;
  private final HttpMetrics metrics;

  public PortBridge(SandboxDirectory directory, Bridges bridges, HttpMetrics metrics) {
    this.directory = directory;
    this.bridges = bridges;
    this.metrics = metrics;
    bridges.declare(HTTP);
    bridges.declare(WEBSOCKET);
  }

  @Override
  public String name() {
    return ROUTE;
  }

  @Override
  public String description() {
    return "sandbox port";
  }

  @Override
  public boolean addresses(UnaryOperator<String> header) {
    return PortRoute.of(header).isPresent();
  }

  /** Opens the bridge once the sandbox's port has accepted the connection; else answers why not, and closes. */
  @Override
  public void open(Channel client, RequestHead head, Supplier<ByteBuf> handOff) {
    PortRoute route = PortRoute.of(head::header).orElseThrow();
    Optional<SandboxEndpoint> found = directory.find(route.sandboxId());
    if (found.isEmpty()) {
      reject(client, HttpResponseStatus.NOT_FOUND, route, "sandbox " + route.sandboxId() + " does not exist");
      return;
    }
    if (found.get().state() == SandboxState.PAUSED) {
      reject(client, HttpResponseStatus.SERVICE_UNAVAILABLE, route,
          "sandbox " + route.sandboxId() + " is paused; resume it to reach port " + route.port());
      return;
    }
    InetSocketAddress target = found.get().port(route.port());
    client.config().setAutoRead(false);
    bridges.connect(client, target).addListener((ChannelFuture connected) -> {
      if (!connected.isSuccess()) {
        log.debug("sandbox {}: port {} refused a bridge: {}", route.sandboxId(), route.port(),
            connected.cause().getMessage());
        reject(client, HttpResponseStatus.BAD_GATEWAY, route, "nothing is listening on port " + route.port()
            + " of sandbox " + route.sandboxId() + " (" + reason(connected.cause()) + ")");
        return;
      }
      Channel backend = connected.channel();
      if (!client.isActive()) {
        backend.close();
        return;
      }
      String kind = head.isWebSocketUpgrade() ? WEBSOCKET : HTTP;
      metrics.request(ROUTE, "bridged");
      log.debug("sandbox {}: {} bridge to port {} from {}", route.sandboxId(), kind, route.port(),
          client.remoteAddress());
      bridges.splice(client, backend, kind, handOff.get());
    });
  }

  private void reject(Channel client, HttpResponseStatus status, PortRoute route, String message) {
    metrics.request(ROUTE, status.code());
    Responses.sendRawAndClose(client, status, route.sandboxId(), message);
  }

  private static String reason(Throwable cause) {
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message.replaceFirst(":.*", "").toLowerCase();
  }
}
