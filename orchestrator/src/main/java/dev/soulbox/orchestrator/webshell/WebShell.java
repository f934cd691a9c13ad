package dev.soulbox.orchestrator.webshell;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.soulbox.orchestrator.http.HttpExchange;
import dev.soulbox.orchestrator.http.Responses;
import dev.soulbox.orchestrator.http.Route;
import dev.soulbox.orchestrator.http.Routes;
import dev.soulbox.orchestrator.http.WebFeature;
import dev.soulbox.orchestrator.lifecycle.Sandboxes;
import dev.soulbox.orchestrator.proxy.AgentCalls;
import dev.soulbox.orchestrator.socketio.EngineOptions;
import dev.soulbox.orchestrator.socketio.EventArgs;
import dev.soulbox.orchestrator.socketio.OriginPolicy;
import dev.soulbox.orchestrator.socketio.SocketIoServer;
import dev.soulbox.orchestrator.socketio.SocketIoSocket;
import dev.soulbox.orchestrator.webauth.SandboxAccess;
import dev.soulbox.orchestrator.webauth.SandboxTokens;
import dev.soulbox.orchestrator.webauth.WebCredentials;
import dev.soulbox.proto.process.ProcessSelector;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The seeds' web shell API: Socket.IO at {@code /sandbox/ws} (rooms per sandbox, commands with live output and
 * stdin, following a running process by pid or tag, file uploads, terminals) and its REST face,
 * {@code POST /api/sandbox/exec}, {@code /api/sandbox/exec/realtime} and {@code /api/sandbox/tokens}. A client
 * shows the API key, or a short-lived token for one sandbox, which never opens another.
 */
public final class WebShell implements WebFeature, AutoCloseable {
  public static final String SOCKET_PATH = "/sandbox/ws";
  static final String ROUTE = "web_shell";

  private final Sandboxes sandboxes;
  private final AgentCalls agents;
  private final WebCredentials credentials;
  private final SocketIoServer sockets;
  private final Executions executions;

  public WebShell(Sandboxes sandboxes, AgentCalls agents, WebCredentials credentials, OriginPolicy origins,
                  EngineOptions options) {
    this.sandboxes = sandboxes;
    this.agents = agents;
    this.credentials = credentials;
    this.sockets = new SocketIoServer(SOCKET_PATH, options, origins, (auth, headers) -> {
      try {
        return credentials.accessOf(auth.has("token") && auth.get("token").isJsonPrimitive()
            ? auth.get("token").getAsString() : null);
      } catch (SandboxTokens.InvalidTokenException e) {
        throw new SocketIoServer.Refusal("UNAUTHENTICATED", e.getMessage());
      }
    }, this::connected);
    this.executions = new Executions(agents, sockets);
  }

  static String room(String sandboxId) {
    return "container-" + sandboxId;
  }

  @Override
  public void register(Routes routes) {
    routes.add(sockets.route(ROUTE))
        .add(new Route(ROUTE, Set.of(HttpMethod.POST), "/api/sandbox/exec"::equals, e -> rest(e, this::exec)))
        .add(new Route(ROUTE, Set.of(HttpMethod.POST), "/api/sandbox/exec/realtime"::equals,
            e -> rest(e, this::execRealtime)))
        .add(new Route(ROUTE, Set.of(HttpMethod.POST), "/api/sandbox/tokens"::equals, e -> rest(e, this::token)));
  }

  // ---- Socket.IO events

  private void connected(SocketIoSocket socket) {
    SandboxAccess access = (SandboxAccess) socket.principal();
    AtomicReference<Terminal> terminal = new AtomicReference<>();
    socket.on("join-container", (args, ack) -> guarded(socket, () -> {
      String id = containerIdOf(args);
      join(socket, access, id);
      JsonObject joined = new JsonObject();
      joined.addProperty("containerId", id);
      joined.addProperty("success", true);
      socket.emit("container-joined", joined);
    }));
    socket.on("join-session", (args, ack) -> guarded(socket, () -> {
      String id = containerIdOf(args);
      join(socket, access, id);
      JsonObject joined = new JsonObject();
      joined.addProperty("containerId", id);
      socket.emit("session-joined", joined);
    }));
    Consumer<EventArgs> execute = args -> guarded(socket, () -> {
      CommandSpec spec = CommandSpec.parse(args.object(0)
          .orElseThrow(() -> ShellError.invalid("send {containerId, command}")));
      allow(access, spec.sandboxId());
      executions.start(spec, socket, false);
    });
    socket.on("execute-command", (args, ack) -> execute.accept(args));
    socket.on("command-input", (args, ack) -> execute.accept(args));
    socket.on("stdin-data", (args, ack) -> guarded(socket, () -> {
      JsonObject body = args.object(0).orElseThrow(() -> ShellError.invalid("send {executionId, data}"));
      String executionId = Json.requiredString(body, "executionId");
      Execution execution = executions.find(executionId).filter(x -> access.allows(x.sandboxId()))
          .orElseThrow(() -> ShellError.notFound("no running execution " + executionId));
      JsonElement data = body.get("data");
      byte[] bytes = data == null || data.isJsonNull() ? new byte[0] : args.bytes(data);
      boolean end = body.has("end") && body.get("end").getAsBoolean();
      executions.stdin(execution, bytes, end).whenComplete((r, e) -> {
        if (e != null) {
          socket.emit("error", ShellError.of(e.getCause() != null ? e.getCause() : e).json());
        }
      });
    }));
    socket.on("attach-process", (args, ack) -> guarded(socket, () -> {
      JsonObject body = args.object(0)
          .orElseThrow(() -> ShellError.invalid("send {containerId, pid} or {containerId, tag}"));
      String id = Json.requiredString(body, "containerId");
      allow(access, id);
      sandboxes.get(id);
      executions.attach(id, selectorOf(body), socket);
    }));
    socket.on("upload-files", (args, ack) -> guarded(socket, () -> {
      JsonObject body = args.object(0).orElseThrow(() -> ShellError.invalid("send {containerId, files}"));
      String id = Json.requiredString(body, "containerId");
      allow(access, id);
      sandboxes.get(id);
      FileUploads.upload(agents, id, FileUploads.parse(args, body.get("files"))).whenComplete((paths, e) -> {
        if (e != null) {
          socket.emit("error", ShellError.of(e.getCause() != null ? e.getCause() : e).json());
          return;
        }
        JsonObject uploaded = new JsonObject();
        uploaded.addProperty("containerId", id);
        JsonArray list = new JsonArray();
        paths.forEach(list::add);
        uploaded.add("paths", list);
        socket.emit("files-uploaded", uploaded);
      });
    }));
    socket.on("start-terminal", (args, ack) -> guarded(socket, () -> {
      JsonObject body = args.object(0).orElseThrow(() -> ShellError.invalid("send {containerId, cols, rows}"));
      String id = Json.requiredString(body, "containerId");
      allow(access, id);
      sandboxes.get(id);
      String session = Json.optionalString(body, "session");
      if (session != null && !session.matches("[A-Za-z0-9_.-]{1,64}")) {
        throw ShellError.invalid("session must be 1 to 64 letters, digits, '.', '_' or '-'");
      }
      Terminal opened = new Terminal(agents, socket, id, session == null ? UUID.randomUUID().toString() : session);
      Terminal previous = terminal.getAndSet(opened);
      if (previous != null) {
        previous.detach();
      }
      opened.open(Json.optionalInt(body, "cols", 80, 1, 1000), Json.optionalInt(body, "rows", 24, 1, 1000));
    }));
    socket.on("input", (args, ack) -> guarded(socket, () -> {
      Terminal current = terminal.get();
      if (current == null) {
        throw new ShellError(io.grpc.Status.Code.FAILED_PRECONDITION, "no terminal: emit start-terminal first");
      }
      current.input(args.bytes(args.get(0).orElseThrow(() -> ShellError.invalid("input needs the bytes to type"))));
    }));
    socket.on("resize", (args, ack) -> guarded(socket, () -> {
      Terminal current = terminal.get();
      if (current == null) {
        throw new ShellError(io.grpc.Status.Code.FAILED_PRECONDITION, "no terminal: emit start-terminal first");
      }
      JsonObject body = args.object(0).orElseThrow(() -> ShellError.invalid("send {cols, rows}"));
      current.resize(Json.optionalInt(body, "cols", 80, 1, 1000), Json.optionalInt(body, "rows", 24, 1, 1000));
    }));
    socket.onDisconnect(reason -> {
      Terminal current = terminal.getAndSet(null);
      if (current != null) {
        current.detach();
      }
    });
  }

  private void join(SocketIoSocket socket, SandboxAccess access, String sandboxId) {
    allow(access, sandboxId);
    sandboxes.get(sandboxId);
    socket.join(room(sandboxId));
  }

  private static ProcessSelector selectorOf(JsonObject body) {
    String tag = Json.optionalString(body, "tag");
    if (body.has("pid") && !body.get("pid").isJsonNull()) {
      return ProcessSelector.newBuilder().setPid(Json.optionalInt(body, "pid", 0, 1, Integer.MAX_VALUE)).build();
    }
    if (tag != null && !tag.isBlank()) {
      return ProcessSelector.newBuilder().setTag(tag).build();
    }
    throw ShellError.invalid("name the process: {containerId, pid} or {containerId, tag}");
  }

  private static String containerIdOf(EventArgs args) {
    JsonElement first = args.get(0).orElseThrow(() -> ShellError.invalid("send the sandbox id, or {containerId}"));
    if (first.isJsonPrimitive()) {
      return first.getAsString();
    }
    if (first.isJsonObject()) {
      return Json.requiredString(first.getAsJsonObject(), "containerId");
    }
    throw ShellError.invalid("send the sandbox id, or {containerId}");
  }

  private static void allow(SandboxAccess access, String sandboxId) {
    if (!access.allows(sandboxId)) {
      throw ShellError.denied("this token opens sandbox " + access.sandboxId() + " only, not " + sandboxId);
    }
  }

  private static void guarded(SocketIoSocket socket, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      socket.emit("error", ShellError.of(e).json());
    }
  }

  // ---- REST

  private interface RestCall {
    void handle(HttpExchange exchange, SandboxAccess access, JsonObject body);
  }

  private void rest(HttpExchange exchange, RestCall call) {
    try {
      String presented = exchange.request().headers().get("X-API-Key");
      SandboxAccess access;
      try {
        access = credentials.accessOf(presented);
      } catch (SandboxTokens.InvalidTokenException e) {
        exchange.respond(Responses.json(HttpResponseStatus.UNAUTHORIZED, "X-API-Key: " + e.getMessage()));
        return;
      }
      call.handle(exchange, access, Json.object(exchange.request().content().toString(StandardCharsets.UTF_8)));
    } catch (RuntimeException e) {
      ShellError error = ShellError.of(e);
      exchange.respond(Responses.json(error.httpStatus(), error.getMessage()));
    }
  }

  private void exec(HttpExchange exchange, SandboxAccess access, JsonObject body) {
    CommandSpec spec = CommandSpec.parse(body);
    allow(access, spec.sandboxId());
    SocketIoSocket socket = streamingSocket(access, body, spec.sandboxId(), false);
    exchange.request().retain();
    executions.start(spec, socket, true).result().whenComplete((result, e) -> {
      try {
        exchange.respond(json(HttpResponseStatus.OK, result.json()));
      } finally {
        exchange.request().release();
      }
    });
  }

  private void execRealtime(HttpExchange exchange, SandboxAccess access, JsonObject body) {
    CommandSpec spec = CommandSpec.parse(body);
    allow(access, spec.sandboxId());
    SocketIoSocket socket = streamingSocket(access, body, spec.sandboxId(), true);
    Execution execution = executions.start(spec, socket, false);
    JsonObject answer = new JsonObject();
    answer.addProperty("executionId", execution.id());
    answer.addProperty("containerId", spec.sandboxId());
    answer.addProperty("status", "running");
    exchange.respond(json(HttpResponseStatus.ACCEPTED, answer));
  }

  /** The socket {@code socketSessionId} names, which must be allowed the sandbox too. */
  private SocketIoSocket streamingSocket(SandboxAccess caller, JsonObject body, String sandboxId, boolean required) {
    String socketId = Json.optionalString(body, "socketSessionId");
    if (socketId == null) {
      if (required) {
        throw ShellError.invalid("socketSessionId is required: the id of the Socket.IO connection to stream to");
      }
      return null;
    }
    SocketIoSocket socket = sockets.socket(socketId)
        .orElseThrow(() -> ShellError.notFound("no Socket.IO connection " + socketId + " on " + SOCKET_PATH));
    if (!((SandboxAccess) socket.principal()).allows(sandboxId)) {
      throw ShellError.denied("socket " + socketId + " may not see sandbox " + sandboxId);
    }
    return socket;
  }

  private void token(HttpExchange exchange, SandboxAccess access, JsonObject body) {
    if (access.scope().isPresent()) {
      throw ShellError.denied("a sandbox token cannot issue tokens; send the API key");
    }
    String id = Json.requiredString(body, "containerId");
    sandboxes.get(id);
    int ttl = Json.optionalInt(body, "ttlSeconds", (int) SandboxTokens.DEFAULT_TTL.toSeconds(), 1,
        (int) SandboxTokens.MAX_TTL.toSeconds());
    SandboxTokens.Issued issued = credentials.tokens().issue(id, Duration.ofSeconds(ttl));
    JsonObject answer = new JsonObject();
    answer.addProperty("token", issued.token());
    answer.addProperty("containerId", id);
    answer.addProperty("expiresAt", issued.expiresAt().toString());
    exchange.respond(json(HttpResponseStatus.CREATED, answer));
  }

  private static FullHttpResponse json(HttpResponseStatus status, JsonObject body) {
    return Responses.of(status, "application/json", (body + "\n").getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    sockets.close();
  }
}
