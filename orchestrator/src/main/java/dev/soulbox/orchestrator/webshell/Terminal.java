package dev.soulbox.orchestrator.webshell;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.ByteString;
import dev.soulbox.orchestrator.proxy.AgentCalls;
import dev.soulbox.orchestrator.socketio.SocketIoSocket;
import dev.soulbox.proto.agent.v1.AttachRequest;
import dev.soulbox.proto.agent.v1.AttachResponse;
import dev.soulbox.proto.process.PTY;
import dev.soulbox.proto.process.ProcessConfig;
import dev.soulbox.proto.process.ProcessEvent;
import dev.soulbox.proto.process.ProcessInput;
import dev.soulbox.proto.process.ProcessSelector;
import dev.soulbox.proto.process.SendInputRequest;
import dev.soulbox.proto.process.StartRequest;
import dev.soulbox.proto.process.StartResponse;
import dev.soulbox.proto.process.UpdateRequest;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A socket's terminal: an interactive login shell on a PTY in the sandbox, tagged {@code terminal-<session>}.
 * Opening a session that exists joins it, first replaying the output the agent kept, so several sockets can share
 * one screen and a socket that comes back sees what it missed. Closing the socket leaves the shell running.
 */
final class Terminal implements ProcessStream.Listener {
  private final AgentCalls agents;
  private final SocketIoSocket socket;
  private final String sandboxId;
  private final String session;
  private final ProcessSelector selector;
  private final TextDecoder text = new TextDecoder();
  private volatile ProcessStream<?, ?> stream;
  private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

  Terminal(AgentCalls agents, SocketIoSocket socket, String sandboxId, String session) {
    this.agents = agents;
    this.socket = socket;
    this.sandboxId = sandboxId;
    this.session = session;
    this.selector = ProcessSelector.newBuilder().setTag("terminal-" + session).build();
  }

  String sandboxId() {
    return sandboxId;
  }

  /** Joins the session's shell, or starts it when there is none. */
  void open(int cols, int rows) {
    ProcessStream<AttachRequest, AttachResponse> attach = new ProcessStream<>(AttachResponse::getEvent,
        new ProcessStream.Listener() {
          @Override public void started(int pid) { Terminal.this.started(pid); }
          @Override public void output(String kind, byte[] bytes) { Terminal.this.output(kind, bytes); }
          @Override public void ended(ProcessEvent.EndEvent end) { Terminal.this.ended(end); }
          @Override public void failed(Status status) {
            if (status.getCode() == Status.Code.NOT_FOUND) {
              start(cols, rows);
            } else {
              Terminal.this.failed(status);
            }
          }
        });
    stream = attach;
    agents.processControl(sandboxId).attach(AttachRequest.newBuilder().setProcess(selector).setOffset(0).build(),
        attach);
  }

  private void start(int cols, int rows) {
    ProcessStream<StartRequest, StartResponse> started = new ProcessStream<>(StartResponse::getEvent, this);
    stream = started;
    StartRequest request = StartRequest.newBuilder()
        .setProcess(ProcessConfig.newBuilder().setCmd("/bin/bash").addArgs("-i").addArgs("-l")
            .putEnvs("TERM", "xterm-256color").putEnvs("LANG", "C.UTF-8"))
        .setPty(PTY.newBuilder().setSize(PTY.Size.newBuilder().setCols(cols).setRows(rows)))
        .setTag(selector.getTag()).build();
    agents.process(sandboxId).start(request, started);
  }

  void input(byte[] bytes) {
    inOrder(done -> agents.process(sandboxId).sendInput(SendInputRequest.newBuilder().setProcess(selector)
        .setInput(ProcessInput.newBuilder().setPty(ByteString.copyFrom(bytes))).build(), reportingErrors(done)));
  }

  void resize(int cols, int rows) {
    inOrder(done -> agents.process(sandboxId).update(UpdateRequest.newBuilder().setProcess(selector)
        .setPty(PTY.newBuilder().setSize(PTY.Size.newBuilder().setCols(cols).setRows(rows))).build(),
        reportingErrors(done)));
  }

  /**
   * Makes the call after the previous input or resize has been answered: separate calls could otherwise overtake
   * each other, and a command typed right after a resize would see the old size.
   */
  private synchronized void inOrder(Consumer<CompletableFuture<Void>> call) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    previous = previous.thenRun(() -> {
      try {
        call.accept(done);
      } catch (RuntimeException e) {
        socket.emit("error", ShellError.of(e).json());
        done.complete(null);
      }
    }).thenCompose(ignored -> done);
  }

  /** Stops following the shell; the shell goes on. */
  void detach() {
    ProcessStream<?, ?> current = stream;
    if (current != null) {
      current.cancel();
    }
  }

  @Override
  public void started(int pid) {
    JsonObject o = new JsonObject();
    o.addProperty("containerId", sandboxId);
    o.addProperty("session", session);
    o.addProperty("pid", pid);
    socket.emit("terminal-started", o);
  }

  @Override
  public void output(String kind, byte[] bytes) {
    String decoded = text.decode(bytes);
    if (!decoded.isEmpty()) {
      socket.emit("output", new JsonPrimitive(decoded));
    }
  }

  @Override
  public void ended(ProcessEvent.EndEvent end) {
    JsonObject o = new JsonObject();
    o.addProperty("containerId", sandboxId);
    o.addProperty("session", session);
    o.addProperty("exitCode", end.getExitCode());
    socket.emit("terminal-exited", o);
  }

  @Override
  public void failed(Status status) {
    socket.emit("error", ShellError.of(status).json());
  }

  private <T> StreamObserver<T> reportingErrors(CompletableFuture<Void> done) {
    return new StreamObserver<>() {
      @Override public void onNext(T value) { }
      @Override public void onError(Throwable t) {
        failed(Status.fromThrowable(t));
        done.complete(null);
      }
      @Override public void onCompleted() { done.complete(null); }
    };
  }
}
