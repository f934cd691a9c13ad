package dev.soulbox.orchestrator.webshell;

import com.google.protobuf.ByteString;
import dev.soulbox.orchestrator.proxy.AgentCalls;
import dev.soulbox.orchestrator.socketio.SocketIoServer;
import dev.soulbox.orchestrator.socketio.SocketIoSocket;
import dev.soulbox.proto.agent.v1.AttachRequest;
import dev.soulbox.proto.agent.v1.AttachResponse;
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
    final ProcessSelector process;
    CompletableFuture<?> input;

    Running(Execution execution, ProcessSelector process) {
      this.execution = execution;
      this.process = process;
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
    String id = newId("exec_");
    Execution execution = new Execution(id, spec.sandboxId(), sockets, requester, collect, spec.timeout() != null);
    track(execution, ProcessSelector.newBuilder().setTag(id).build());
    if (spec.timeout() != null) {
      stub = stub.withDeadlineAfter(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }
    StartRequest request = StartRequest.newBuilder().setProcess(spec.process()).setTag(id).build();
    stub.start(request, new ProcessStream<StartRequest, StartResponse>(StartResponse::getEvent, execution));
    return execution;
  }

  /**
   * Follows a process already running in the sandbox, chosen by pid or tag, as an execution of its own: first the
   * output the agent kept of it, then what it writes next, then its end. Following stops when {@code requester}
   * disconnects; the process goes on.
   */
  Execution attach(String sandboxId, ProcessSelector process, SocketIoSocket requester) {
    var stub = agents.processControl(sandboxId);
    Execution execution = new Execution(newId("attach_"), sandboxId, sockets, requester, false, false);
    track(execution, process);
    ProcessStream<AttachRequest, AttachResponse> stream = new ProcessStream<>(AttachResponse::getEvent, execution);
    requester.onDisconnect(reason -> {
      stream.cancel();
      running.remove(execution.id());
    });
    stub.attach(AttachRequest.newBuilder().setProcess(process).setOffset(0).build(), stream);
    return execution;
  }

  private void track(Execution execution, ProcessSelector process) {
    running.put(execution.id(), new Running(execution, process));
    execution.result().whenComplete((r, e) -> running.remove(execution.id()));
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
        ProcessSelector process = entry.process;
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

  private String newId(String prefix) {
    byte[] b = new byte[6];
    random.nextBytes(b);
    return prefix + HexFormat.of().formatHex(b);
  }

  private static <T> StreamObserver<T> completing(CompletableFuture<Object> done) {
    return new StreamObserver<>() {
      @Override public void onNext(T value) { }
      @Override public void onError(Throwable t) { done.completeExceptionally(t); }
      @Override public void onCompleted() { done.complete(null); }
    };
  }
}
