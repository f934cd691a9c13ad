package dev.soulbox.orchestrator.socketio;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.soulbox.orchestrator.http.HttpExchange;
import dev.soulbox.orchestrator.http.Responses;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Engine.IO server (protocol 4) behind one path of the web port: handshakes, long-polling GETs and POSTs, and
 * WebSockets, direct or upgraded from polling. Errors are answered as Engine.IO servers answer them, a 400 (403 for
 * a refused origin) with {@code {"code", "message"}}, the message saying what was wrong. What the packets mean is
 * the {@link Listener}'s business.
 */
final class EngineIoEndpoint {
  private static final Logger log = LoggerFactory.getLogger(EngineIoEndpoint.class);
  static final int UNKNOWN_TRANSPORT = 0;
  static final int UNKNOWN_SESSION = 1;
  static final int BAD_HANDSHAKE_METHOD = 2;
  static final int BAD_REQUEST = 3;
  static final int FORBIDDEN = 4;
  static final int UNSUPPORTED_PROTOCOL = 5;
  private static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

  /** What the Socket.IO layer hears from its connections. */
  interface Listener {
    void opened(EngineSession session, HttpHeaders handshake);

    void message(EngineSession session, EnginePacket packet);

    void closed(EngineSession session, String reason);
  }

  private final String path;
  private final EngineOptions options;
  private final OriginPolicy origins;
  private final ScheduledExecutorService timer;
  private final Listener listener;
  private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  EngineIoEndpoint(String path, EngineOptions options, OriginPolicy origins, ScheduledExecutorService timer,
                   Listener listener) {
    this.path = path;
    this.options = options;
    this.origins = origins;
    this.timer = timer;
    this.listener = listener;
  }

  EngineOptions options() {
    return options;
  }

  Listener listener() {
    return listener;
  }

  int sessionCount() {
    return sessions.size();
  }

  void handle(HttpExchange exchange) {
    FullHttpRequest request = exchange.request();
    String origin = request.headers().get(HttpHeaderNames.ORIGIN);
    if (!origins.allows(origin, request.headers().get(HttpHeaderNames.HOST))) {
      refuse(exchange, FORBIDDEN, "pages from " + origin + " may not connect; the server's operator allows origins"
          + " with soulbox server --allowed-origin");
      return;
    }
    if (request.method().equals(HttpMethod.OPTIONS)) {
      FullHttpResponse response = Responses.of(HttpResponseStatus.NO_CONTENT, "text/plain", new byte[0]);
      withCors(exchange, response).headers()
          .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST")
          .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type");
      exchange.respond(response);
      return;
    }
    if (!exchange.parameter("EIO").orElse("").equals("4")) {
      refuse(exchange, UNSUPPORTED_PROTOCOL, "unsupported protocol version: this server speaks Engine.IO 4"
          + " (socket.io-client 3.x and 4.x)");
      return;
    }
    String transport = exchange.parameter("transport").orElse("");
    if (!transport.equals("polling") && !transport.equals("websocket")) {
      refuse(exchange, UNKNOWN_TRANSPORT, "transport unknown: use polling or websocket");
      return;
    }
    boolean wantsUpgrade = request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    if (transport.equals("websocket") && !wantsUpgrade) {
      refuse(exchange, BAD_REQUEST, "transport=websocket needs a WebSocket upgrade request");
      return;
    }
    String sid = exchange.parameter("sid").orElse(null);
    if (sid == null) {
      handshake(exchange, transport);
      return;
    }
    EngineSession session = sessions.get(sid);
    if (session == null) {
      refuse(exchange, UNKNOWN_SESSION, "session ID unknown: it ended or never was; connect again");
      return;
    }
    if (transport.equals("websocket")) {
      upgradeToWebSocket(exchange, session);
    } else if (request.method().equals(HttpMethod.GET)) {
      session.poll(exchange);
    } else if (request.method().equals(HttpMethod.POST)) {
      receivePost(exchange, session);
    } else {
      refuse(exchange, BAD_REQUEST, request.method() + " is not an Engine.IO polling method: GET or POST");
    }
  }

  private void handshake(HttpExchange exchange, String transport) {
    if (!exchange.request().method().equals(HttpMethod.GET)) {
      refuse(exchange, BAD_HANDSHAKE_METHOD, "a session starts with a GET");
      return;
    }
    EngineSession session = new EngineSession(newId(), this);
    if (transport.equals("websocket")) {
      webSocket(exchange, session, true);
      return;
    }
    register(session, exchange.request().headers());
    answerPoll(exchange, EnginePacket.encodePayload(List.of(openPacket(session, true))));
  }

  private void register(EngineSession session, HttpHeaders handshake) {
    sessions.put(session.id(), session);
    long interval = options.pingInterval().toMillis();
    session.startHeartbeat(timer.scheduleWithFixedDelay(session::heartbeat, interval, interval, TimeUnit.MILLISECONDS));
    listener.opened(session, handshake);
  }

  private EnginePacket openPacket(EngineSession session, boolean canUpgrade) {
    JsonObject open = new JsonObject();
    open.addProperty("sid", session.id());
    JsonArray upgrades = new JsonArray();
    if (canUpgrade) {
      upgrades.add("websocket");
    }
    open.add("upgrades", upgrades);
    open.addProperty("pingInterval", options.pingInterval().toMillis());
    open.addProperty("pingTimeout", options.pingTimeout().toMillis());
    open.addProperty("maxPayload", options.maxPayload());
    return EnginePacket.of(EnginePacket.Type.OPEN, open.toString());
  }

  private void receivePost(HttpExchange exchange, EngineSession session) {
    String body = exchange.request().content().toString(StandardCharsets.UTF_8);
    List<EnginePacket> packets;
    try {
      packets = EnginePacket.decodePayload(body);
    } catch (IllegalArgumentException e) {
      refuse(exchange, BAD_REQUEST, "the payload is not Engine.IO packets: " + e.getMessage());
      session.close("parse error");
      return;
    }
    FullHttpResponse ok = Responses.of(HttpResponseStatus.OK, "text/html", "ok".getBytes(StandardCharsets.UTF_8));
    exchange.respond(withCors(exchange, ok));
    session.received(packets);
  }

  private void upgradeToWebSocket(HttpExchange exchange, EngineSession session) {
    if (session.isOnWebSocket()) {
      refuse(exchange, BAD_REQUEST, "this session already has its WebSocket");
      return;
    }
    webSocket(exchange, session, false);
  }

  /** Completes the WebSocket handshake; {@code fresh}: the socket starts the session, else it probes to take one over. */
  private void webSocket(HttpExchange exchange, EngineSession session, boolean fresh) {
    FullHttpRequest request = exchange.request();
    Channel channel = exchange.channel();
    String url = "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + path;
    WebSocketServerHandshaker handshaker =
        new WebSocketServerHandshakerFactory(url, null, true, MAX_FRAME_BYTES).newHandshaker(request);
    if (handshaker == null) {
      exchange.counted(HttpResponseStatus.UPGRADE_REQUIRED);
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel);
      return;
    }
    if (!fresh && !session.offerProbe(channel)) {
      refuse(exchange, BAD_REQUEST, "this session is not waiting for an upgrade");
      return;
    }
    HttpHeaders headers = request.headers().copy();
    exchange.leaveRoutes();
    channel.pipeline().addLast("websocket-aggregator", new WebSocketFrameAggregator(MAX_FRAME_BYTES))
        .addLast("engine-io", new FrameHandler(session));
    handshaker.handshake(channel, request).addListener((ChannelFuture upgraded) -> {
      if (!upgraded.isSuccess()) {
        channel.close();
        return;
      }
      exchange.counted(HttpResponseStatus.SWITCHING_PROTOCOLS);
      if (fresh) {
        session.useWebSocket(channel);
        register(session, headers);
        channel.writeAndFlush(new TextWebSocketFrame(openPacket(session, false).frameText()));
      }
    });
  }

  /** Reads one WebSocket's frames into its session. */
  private final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final EngineSession session;

    FrameHandler(EngineSession session) {
      this.session = session;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      try {
        if (frame instanceof TextWebSocketFrame text) {
          session.received(EnginePacket.fromFrame(text.text()), ctx.channel());
        } else if (frame instanceof BinaryWebSocketFrame binary) {
          session.received(EnginePacket.binaryMessage(ByteBufUtil.getBytes(binary.content())), ctx.channel());
        } else if (frame instanceof PingWebSocketFrame) {
          ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame) {
          ctx.writeAndFlush(new CloseWebSocketFrame()).addListener(f -> ctx.close());
        }
      } catch (IllegalArgumentException e) {
        log.debug("Engine.IO session {}: {}", session.id(), e.getMessage());
        ctx.close();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      session.webSocketClosed(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("Engine.IO session {}: WebSocket failed: {}", session.id(), cause.toString());
      ctx.close();
    }
  }

  void answerPoll(HttpExchange exchange, byte[] payload) {
    FullHttpResponse response = Responses.of(HttpResponseStatus.OK, "text/plain; charset=UTF-8", payload);
    exchange.respond(withCors(exchange, response));
  }

  void refuse(HttpExchange exchange, int code, String message) {
    JsonObject body = new JsonObject();
    body.addProperty("code", code);
    body.addProperty("message", message);
    HttpResponseStatus status = code == FORBIDDEN ? HttpResponseStatus.FORBIDDEN : HttpResponseStatus.BAD_REQUEST;
    FullHttpResponse response = Responses.of(status, "application/json",
        (body + "\n").getBytes(StandardCharsets.UTF_8));
    exchange.respond(code == FORBIDDEN ? response : withCors(exchange, response));
  }

  /** Lets an allowed page of another origin read the answer. */
  private FullHttpResponse withCors(HttpExchange exchange, FullHttpResponse response) {
    String origin = exchange.request().headers().get(HttpHeaderNames.ORIGIN);
    if (origin != null) {
      response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
          .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
          .set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
    }
    return response;
  }

  void ended(EngineSession session, String reason) {
    if (sessions.remove(session.id(), session)) {
      listener.closed(session, reason);
    }
  }

  /** Ends every session, for a server that stops. */
  void closeAll() {
    sessions.values().forEach(s -> s.close("server shutting down"));
  }

  private String newId() {
    byte[] bytes = new byte[15];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
