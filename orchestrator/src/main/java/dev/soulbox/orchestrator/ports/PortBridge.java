package dev.soulbox.orchestrator.ports;

import dev.soulbox.orchestrator.http.Bridges;
import dev.soulbox.orchestrator.http.ConnectionRoute;
import dev.soulbox.orchestrator.http.HttpMetrics;
import dev.soulbox.orchestrator.http.RequestHead;
import dev.soulbox.orchestrator.http.RequestRejectedException;
import dev.soulbox.orchestrator.http.RequestRouter;
import dev.soulbox.orchestrator.http.RequestTarget;
import dev.soulbox.orchestrator.http.Responses;
import dev.soulbox.orchestrator.lifecycle.SandboxDirectory;
import dev.soulbox.orchestrator.runtime.SandboxEndpoint;
import dev.soulbox.orchestrator.runtime.SandboxState;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandbox ports on the web port: a connection whose first request is for {@code <port>-<sandbox id>.<domain>}, or
 * carries {@code E2b-Sandbox-Id} and {@code E2b-Sandbox-Port}, or is a signed file URL on the gateway's own address
 * ({@link SignedFileUrls}), is joined to that port inside the sandbox. From then on
 * it is spliced byte for byte both ways, so keep-alive, chunked bodies, large uploads and WebSocket upgrades all pass
 * through as the sandbox's server speaks them. An unknown or paused sandbox is answered as E2B's proxy answers it, 502
 * and {@code {"sandboxId": …, "message": "The sandbox was not found", "code": 502}} (E2B's SDKs read a 502 as "not
 * running"); nothing listening on the port: 502 with a message saying so.
 */
public final class PortBridge implements ConnectionRoute, RequestRouter {
  private static final Logger log = LoggerFactory.getLogger(PortBridge.class);
  static final String ROUTE = "sandbox_port";
  static final String HTTP = "http";
  static final String WEBSOCKET = "websocket";
  static final String NOT_FOUND = "The sandbox was not found";

  private final SandboxDirectory directory;
  private final Bridges bridges;
  private final HttpMetrics metrics;
  private final String publicDomain;
  private final SignedFileUrls signedFileUrls;

  public PortBridge(SandboxDirectory directory, Bridges bridges, HttpMetrics metrics) {
    this(directory, bridges, metrics, "localhost");
  }

  /** @param publicDomain the domain sandbox hosts are under; requests to it may be routed by E2B's headers */
  public PortBridge(SandboxDirectory directory, Bridges bridges, HttpMetrics metrics, String publicDomain) {
    this.publicDomain = publicDomain;
    this.directory = directory;
    this.signedFileUrls = new SignedFileUrls(directory);
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
  public boolean addresses(String method, String uri, UnaryOperator<String> header) {
    return route(method, uri, header).isPresent();
  }

  /** Requests routed by E2B's headers or a signed file URL, not by host, go one by one. */
  @Override
  public boolean routesRequest(String method, String uri, UnaryOperator<String> header) {
    try {
      return route(method, uri, header).map(PortRoute::byHeaders).orElse(false);
    } catch (RequestRejectedException e) {
      return true; // target() answers it
    }
  }

  /** The sandbox port a request is for: by its host, by E2B's headers, or by the signature of a file URL. */
  private Optional<PortRoute> route(String method, String uri, UnaryOperator<String> header) {
    Optional<PortRoute> route = PortRoute.of(header, publicDomain);
    if (route.isPresent() || !PortRoute.isForGateway(header, publicDomain)) {
      return route;
    }
    return signedFileUrls.route(method, uri);
  }

  /**
   * A host route opens the bridge once the sandbox's port has accepted the connection; a header route serves the
   * connection request by request, each to the sandbox and port its own headers name (E2B's SDKs send every
   * sandbox's calls over one pool of connections). A WebSocket upgrade is always bridged whole.
   */
  @Override
  public void open(Channel client, RequestHead head, Supplier<ByteBuf> handOff) {
    PortRoute route = route(head.method(), head.target(), head::header).orElseThrow();
    Optional<SandboxEndpoint> found = directory.find(route.sandboxId());
    if (found.isEmpty() || found.get().state() == SandboxState.PAUSED) {
      log.debug("sandbox {}: port {} asked for while {}", route.sandboxId(), route.port(),
          found.isEmpty() ? "it does not exist" : "it is paused");
      reject(client, HttpResponseStatus.BAD_GATEWAY, route, NOT_FOUND);
      return;
    }
    InetSocketAddress target = found.get().port(route.port());
    client.config().setAutoRead(false);
    bridges.connect(client, target).addListener((ChannelFuture connected) -> {
      if (!connected.isSuccess()) {
        log.debug("sandbox {}: port {} refused a bridge: {}", route.sandboxId(), route.port(),
            connected.cause().getMessage());
        reject(client, HttpResponseStatus.BAD_GATEWAY, route, notListening(route, reason(connected.cause())));
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

  /** Where one request of a connection routed request by request goes; the gateway's own requests stay. */
  @Override
  public RequestTarget target(HttpRequest request) {
    Optional<PortRoute> asked;
    try {
      asked = route(request.method().name(), request.uri(), name -> request.headers().get(name));
    } catch (RequestRejectedException e) {
      return refused(e.status(), Responses.text(e.status(), e.getMessage()));
    }
    if (asked.isEmpty()) {
      return RequestTarget.local();
    }
    if (!asked.get().byHeaders()) {
      return refused(HttpResponseStatus.MISDIRECTED_REQUEST, Responses.text(HttpResponseStatus.MISDIRECTED_REQUEST,
          "this connection serves sandboxes by E2b-Sandbox-Id and E2b-Sandbox-Port; send requests for "
              + asked.get().sandboxId() + " by host on a new connection"));
    }
    PortRoute route = asked.get();
    if ("websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))) {
      return refused(HttpResponseStatus.MISDIRECTED_REQUEST, Responses.e2bError(HttpResponseStatus.MISDIRECTED_REQUEST,
          route.sandboxId(), "send upgrade requests on a new connection"));
    }
    Optional<SandboxEndpoint> found = directory.find(route.sandboxId());
    if (found.isEmpty() || found.get().state() == SandboxState.PAUSED) {
      return refused(HttpResponseStatus.BAD_GATEWAY,
          Responses.e2bError(HttpResponseStatus.BAD_GATEWAY, route.sandboxId(), NOT_FOUND));
    }
    metrics.request(ROUTE, "proxied");
    return RequestTarget.of(found.get().port(route.port()), why -> {
      metrics.request(ROUTE, HttpResponseStatus.BAD_GATEWAY.code());
      return Responses.e2bError(HttpResponseStatus.BAD_GATEWAY, route.sandboxId(), notListening(route, why));
    });
  }

  private RequestTarget refused(HttpResponseStatus status, FullHttpResponse answer) {
    metrics.request(ROUTE, status.code());
    return RequestTarget.refused(answer);
  }

  private static String notListening(PortRoute route, String why) {
    return "nothing is listening on port " + route.port() + " of sandbox " + route.sandboxId() + " (" + why + ")";
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
