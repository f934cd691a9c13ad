package dev.soulbox.sdk.internal;

import dev.soulbox.proto.agent.v1.AgentGrpc;
import dev.soulbox.proto.agent.v1.FilesGrpc;
import dev.soulbox.proto.agent.v1.ProcessControlGrpc;
import dev.soulbox.proto.filesystem.FilesystemGrpc;
import dev.soulbox.proto.process.ProcessGrpc;
import dev.soulbox.sdk.SoulBoxException;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Stubs for one sandbox's agent, reached through the orchestrator: every call carries the
 * sandbox's id and access token. Unary calls get the client's request timeout; streams get none,
 * because a Start call's deadline is its process's lifetime. Also tracks the sandbox's open
 * streams, so closing the sandbox handle stops them.
 */
public final class SandboxChannel {
  private final ClientTransport transport;
  private final CallSettings settings;
  private final String sandboxId;
  private final String accessToken;
  private final Set<AutoCloseable> streams = ConcurrentHashMap.newKeySet();

  public SandboxChannel(ClientTransport transport, CallSettings settings, String sandboxId, String accessToken) {
    this.transport = transport;
    this.settings = settings;
    this.sandboxId = sandboxId;
    this.accessToken = accessToken;
  }

  public String sandboxId() {
    return sandboxId;
  }

  /** The token sent as {@code x-access-token}, or null. */
  public String accessToken() {
    return accessToken;
  }

  CallSettings settings() {
    return settings;
  }

  ClientTransport transport() {
    return transport;
  }

  ScheduledExecutorService scheduler() {
    return transport.scheduler();
  }

  ProcessGrpc.ProcessStub process(String user) {
    return stream(ProcessGrpc.newStub(transport.channel()), user);
  }

  ProcessGrpc.ProcessBlockingStub processBlocking() {
    return unary(ProcessGrpc.newBlockingStub(transport.channel()));
  }

  ProcessControlGrpc.ProcessControlStub control() {
    return stream(ProcessControlGrpc.newStub(transport.channel()), null);
  }

  ProcessControlGrpc.ProcessControlBlockingStub controlBlocking() {
    return unary(ProcessControlGrpc.newBlockingStub(transport.channel()));
  }

  FilesystemGrpc.FilesystemBlockingStub filesystem() {
    return unary(FilesystemGrpc.newBlockingStub(transport.channel()));
  }

  FilesystemGrpc.FilesystemStub filesystemStream() {
    return stream(FilesystemGrpc.newStub(transport.channel()), null);
  }

  FilesGrpc.FilesStub files() {
    return stream(FilesGrpc.newStub(transport.channel()), null);
  }

  FilesGrpc.FilesBlockingStub filesBlocking() {
    return stream(FilesGrpc.newBlockingStub(transport.channel()), null);
  }

  AgentGrpc.AgentBlockingStub agent() {
    return unary(AgentGrpc.newBlockingStub(transport.channel()));
  }

  /** Runs a unary call, turning its failure into the SDK's exception. */
  <T> T call(String action, Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw error(e, action);
    }
  }

  SoulBoxException error(Throwable t, String action) {
    return StatusMapping.toException(t, action, sandboxId);
  }

  void register(AutoCloseable stream) {
    streams.add(stream);
  }

  void unregister(AutoCloseable stream) {
    streams.remove(stream);
  }

  /** Stops every stream still open (their processes keep running). */
  public void closeStreams() {
    for (AutoCloseable s : Set.copyOf(streams)) {
      try {
        s.close();
      } catch (Exception ignored) {
        // closing a stream only cancels a call; nothing to report
      }
    }
  }

  private <S extends AbstractStub<S>> S unary(S stub) {
    return Headers.attach(stub, headers(null))
        .withDeadlineAfter(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private <S extends AbstractStub<S>> S stream(S stub, String user) {
    return Headers.attach(stub, headers(user));
  }

  private Metadata headers(String user) {
    Metadata h = new Metadata();
    h.put(Headers.SANDBOX_ID, sandboxId);
    if (accessToken != null) {
      h.put(Headers.ACCESS_TOKEN, accessToken);
    }
    if (user != null) {
      h.put(Headers.AUTHORIZATION, Headers.basicUser(user));
    }
    h.put(Headers.KEEPALIVE_INTERVAL, seconds(settings.keepaliveInterval()));
    return h;
  }

  private static String seconds(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0);
  }
}
