package dev.soulbox.orchestrator.webshell;

import com.google.protobuf.ByteString;
import dev.soulbox.orchestrator.proxy.AgentCalls;
import dev.soulbox.orchestrator.socketio.SocketIoServer;
import dev.soulbox.orchestrator.socketio.SocketIoSocket;
import dev.soulbox.proto.process.CloseStdinRequest;
import dev.soulbox.proto.process.ProcessInput;
import dev.soulbox.proto.process.ProcessSelector;
import dev.soulbox.proto.process.SendInputRequest;
import dev.soulbox.proto.process.SendInputResponse;
import dev.soulbox.proto.process.StartRequest;
import dev.soulbox.proto.process.StartResponse;
import io.grpc.stub.StreamObserver;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The web shell's running commands. Each runs in its sandbox through the agent, tagged with its execution id; it
 * keeps running when the socket that started it goes. Input reaches it in the order it was sent.
 */
final class Executions {
  private final AgentCalls agents;
  private final SocketIoServer sockets;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  private static final class Running {
    final Execution execution;
    CompletableFuture<?> input;

    Running(Execution execution) {
      this.execution = execution;
      this.input = execution.pid();
    }
  }

  Executions(AgentCalls agents, SocketIoServer sockets) {
    this.agents = agents;
    this.sockets = sockets;
  }

  /**
   * Starts {@code spec}; its events go to {@code requester} (null for none) and to the sandbox's room.
   *
   * @param collect keep the output for the result, for a caller that waits for it
   */
  Execution start(CommandSpec spec, SocketIoSocket requester, boolean collect) {
    var stub = agents.process(spec.sandboxId());
    String id = "exec_" + HexFormat.of().formatHex(bytes(6));
    Execution execution = new Execution(id, spec.sandboxId(), sockets, requester, collect, spec.timeout() != null);
    Running entry = new Running(execution);
    running.put(id, entry);
    execution.result().whenComplete((r, e) -> running.remove(id));
    if (spec.timeout() != null) {
      stub = stub.withDeadlineAfter(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }
    StartRequest request = StartRequest.newBuilder().setProcess(spec.process()).setTag(id).build();
    stub.start(request, new ProcessStream<StartRequest, StartResponse>(StartResponse::getEvent, execution));
    return execution;
  }

  Optional<Execution> find(String executionId) {
    return Optional.ofNullable(running.get(executionId)).map(r -> r.execution);
  }

  /** Sends {@code data} to the command's stdin after what was sent before; {@code end} closes stdin after it. */
  CompletableFuture<?> stdin(Execution execution, byte[] data, boolean end) {
    Running entry = running.get(execution.id());
    if (entry == null) {
      return CompletableFuture.failedFuture(ShellError.notFound("execution " + execution.id() + " has finished"));
    }
    synchronized (entry) {
      CompletableFuture<?> next = entry.input.thenCompose(ignored -> {
        ProcessSelector process = ProcessSelector.newBuilder().setTag(execution.id()).build();
        CompletableFuture<Object> sent = new CompletableFuture<>();
        var stub = agents.process(execution.sandboxId());
        Runnable close = () -> stub.closeStdin(CloseStdinRequest.newBuilder().setProcess(process).build(),
            completing(sent));
        if (data.length == 0) {
          close.run();
          return sent;
        }
        stub.sendInput(SendInputRequest.newBuilder().setProcess(process)
            .setInput(ProcessInput.newBuilder().setStdin(ByteString.copyFrom(data))).build(),
            end ? new StreamObserver<SendInputResponse>() {
              @Override public void onNext(SendInputResponse value) { }
              @Override public void onError(Throwable t) { sent.completeExceptionally(t); }
              @Override public void onCompleted() { close.run(); }
            } : completing(sent));
        return sent;
      });
      entry.input = next.exceptionally(e -> null);
      return next;
    }
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static <T> StreamObserver<T> completing(CompletableFuture<Object> done) {
    return new StreamObserver<>() {
      @Override public void onNext(T value) { }
      @Override public void onError(Throwable t) { done.completeExceptionally(t); }
      @Override public void onCompleted() { done.complete(null); }
    };
  }
}
