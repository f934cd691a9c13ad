package dev.soulbox.orchestrator.webshell;

import com.google.gson.JsonObject;
import dev.soulbox.orchestrator.socketio.SocketIoServer;
import dev.soulbox.orchestrator.socketio.SocketIoSocket;
import dev.soulbox.proto.process.ProcessEvent;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One command of the web shell as it runs: its output goes, as it arrives, to the socket that asked for it and to
 * every socket in the sandbox's room ({@code exec-output} and {@code execution-output}), then its end
 * ({@code exec-finished} and {@code execution-complete}). A REST caller waiting for it gets the output collected.
 */
final class Execution implements ProcessStream.Listener {
  /** How a finished command ended, with its output when it was collected. */
  record Result(String executionId, String sandboxId, int exitCode, String status, String stdout, String stderr,
                Duration duration, String error) {
    JsonObject json() {
      JsonObject o = new JsonObject();
      o.addProperty("executionId", executionId);
      o.addProperty("containerId", sandboxId);
      o.addProperty("exitCode", exitCode);
      o.addProperty("status", status);
      o.addProperty("stdout", stdout);
      o.addProperty("stderr", stderr);
      o.addProperty("durationMs", duration.toMillis());
      if (error != null) {
        o.addProperty("error", error);
      }
      return o;
    }
  }

  private static final int MAX_COLLECTED_BYTES = 16 << 20;

  private final String id;
  private final String sandboxId;
  private final SocketIoServer sockets;
  private final SocketIoSocket requester;
  private final boolean collect;
  private final Instant startedAt = Instant.now();
  private final TextDecoder stdoutText = new TextDecoder();
  private final TextDecoder stderrText = new TextDecoder();
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final CompletableFuture<Integer> pid = new CompletableFuture<>();
  private final CompletableFuture<Result> result = new CompletableFuture<>();
  private final boolean timed;

  Execution(String id, String sandboxId, SocketIoServer sockets, SocketIoSocket requester, boolean collect,
            boolean timed) {
    this.id = id;
    this.sandboxId = sandboxId;
    this.sockets = sockets;
    this.requester = requester;
    this.collect = collect;
    this.timed = timed;
  }

  String id() {
    return id;
  }

  String sandboxId() {
    return sandboxId;
  }

  CompletableFuture<Integer> pid() {
    return pid;
  }

  CompletableFuture<Result> result() {
    return result;
  }

  @Override
  public void started(int processId) {
    pid.complete(processId);
    if (requester != null) {
      JsonObject accepted = new JsonObject();
      accepted.addProperty("executionId", id);
      accepted.addProperty("containerId", sandboxId);
      accepted.addProperty("pid", processId);
      requester.emit("command-accepted", accepted);
    }
  }

  @Override
  public void output(String kind, byte[] bytes) {
    boolean isErr = kind.equals("stderr");
    if (collect) {
      ByteArrayOutputStream sink = isErr ? stderr : stdout;
      if (sink.size() + bytes.length <= MAX_COLLECTED_BYTES) {
        sink.writeBytes(bytes);
      }
    }
    String text = (isErr ? stderrText : stdoutText).decode(bytes);
    if (text.isEmpty()) {
      return;
    }
    String type = isErr ? "stderr" : "stdout";
    JsonObject short_ = new JsonObject();
    short_.addProperty("executionId", id);
    short_.addProperty("type", type);
    short_.addProperty("data", text);
    JsonObject long_ = new JsonObject();
    long_.addProperty("executionId", id);
    long_.addProperty("containerId", sandboxId);
    long_.addProperty("type", type);
    long_.addProperty("data", text);
    long_.addProperty("timestamp", Json.now());
    for (SocketIoSocket socket : audience()) {
      socket.emit("exec-output", short_);
      socket.emit("execution-output", long_);
    }
  }

  @Override
  public void ended(ProcessEvent.EndEvent end) {
    String status;
    if (end.getExitCode() == 0 && end.getExited()) {
      status = "success";
    } else if (timed && !end.getExited() && end.getStatus().contains("killed")) {
      status = "timeout";
    } else {
      status = "failed";
    }
    finish(end.getExitCode(), status, end.hasError() ? end.getError() : null);
  }

  @Override
  public void failed(Status status) {
    ShellError error = ShellError.of(status);
    if (!pid.isDone() && requester != null) {
      requester.emit("error", error.json());
    }
    pid.completeExceptionally(error);
    if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
      finish(-1, "timeout", error.getMessage());
    } else {
      finish(-1, "error", error.getMessage());
    }
  }

  private void finish(int exitCode, String status, String error) {
    Result done = new Result(id, sandboxId, exitCode, status, stdout.toString(java.nio.charset.StandardCharsets.UTF_8),
        stderr.toString(java.nio.charset.StandardCharsets.UTF_8), Duration.between(startedAt, Instant.now()), error);
    JsonObject short_ = new JsonObject();
    short_.addProperty("executionId", id);
    short_.addProperty("exitCode", exitCode);
    short_.addProperty("status", status);
    short_.addProperty("durationMs", done.duration().toMillis());
    JsonObject long_ = new JsonObject();
    long_.addProperty("executionId", id);
    long_.addProperty("containerId", sandboxId);
    long_.addProperty("status", status);
    long_.addProperty("exitCode", exitCode);
    long_.addProperty("durationMs", done.duration().toMillis());
    long_.addProperty("timestamp", Json.now());
    if (error != null) {
      short_.addProperty("error", error);
      long_.addProperty("error", error);
    }
    for (SocketIoSocket socket : audience()) {
      socket.emit("exec-finished", short_);
      socket.emit("execution-complete", long_);
    }
    result.complete(done);
  }

  /** Who hears the command now: the socket that asked for it and everyone in the sandbox's room. */
  private Set<SocketIoSocket> audience() {
    Set<SocketIoSocket> to = new LinkedHashSet<>();
    if (requester != null) {
      to.add(requester);
    }
    to.addAll(sockets.inRoom(WebShell.room(sandboxId)));
    return to;
  }
}
