package dev.soulbox.orchestrator.http;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a client connection to a port inside a sandbox. The first request's head picks the sandbox and port; from
 * then on the connection is spliced byte for byte both ways, so keep-alive, chunked bodies, large uploads and
 * WebSocket upgrades all pass through as the sandbox's server speaks them. Unknown sandbox: 404; paused: 503;
 * nothing listening: 502 — each with an E2B-shaped JSON body.
 */
final class PortBridge {
  private static final Logger log = LoggerFactory.getLogger(PortBridge.class);
  static final String ROUTE = "sandbox_port";

  private final SandboxDirectory directory;
  private final BackendConnector connector;
  private final GatewayMetrics metrics;

  PortBridge(SandboxDirectory directory, BackendConnector connector, GatewayMetrics metrics) {
    this.directory = directory;
    this.connector = connector;
    this.metrics = metrics;
  }

  /**
   * Routes {@code client}; {@code handOff} returns the bytes read so far and stops buffering, once the sandbox's port
   * has accepted the connection.
   */
  void open(Channel client, PortRoute route, RequestHead head, Supplier<ByteBuf> handOff) {
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
    connector.connect(client, target).addListener((ChannelFuture connected) -> {
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
      String kind = head.isWebSocketUpgrade() ? GatewayMetrics.WEBSOCKET : GatewayMetrics.HTTP;
      metrics.request(ROUTE, "bridged");
      log.debug("sandbox {}: {} bridge to port {} from {}", route.sandboxId(), kind, route.port(),
          client.remoteAddress());
      Relay.splice(client, backend, metrics.bridgeOpened(kind), handOff.get());
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
