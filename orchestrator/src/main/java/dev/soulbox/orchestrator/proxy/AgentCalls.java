package dev.soulbox.orchestrator.proxy;

import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.grpc.UnavailableException;
import dev.soulbox.orchestrator.lifecycle.Sandboxes;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxState;
import dev.soulbox.proto.agent.v1.FilesGrpc;
import dev.soulbox.proto.agent.v1.ProcessControlGrpc;
import dev.soulbox.proto.filesystem.FilesystemGrpc;
import dev.soulbox.proto.process.ProcessGrpc;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/**
 * Calls the orchestrator itself makes to a sandbox's agent, for the web side (the console, terminal and web shell):
 * stubs on the sandbox's shared channel that carry its access token, as a client of the agent would.
 */
public final class AgentCalls {
  private static final Metadata.Key<String> ACCESS_TOKEN = Metadata.Key.of("x-access-token",
      Metadata.ASCII_STRING_MARSHALLER);

  private final Sandboxes sandboxes;
  private final AgentChannels channels;

  public AgentCalls(Sandboxes sandboxes, AgentChannels channels) {
    this.sandboxes = sandboxes;
    this.channels = channels;
  }

  /**
   * @throws NotFoundException when there is no such sandbox
   * @throws UnavailableException when it is paused or the orchestrator is stopping
   */
  public ProcessGrpc.ProcessStub process(String sandboxId) {
    return ProcessGrpc.newStub(channel(sandboxId));
  }

  public ProcessControlGrpc.ProcessControlStub processControl(String sandboxId) {
    return ProcessControlGrpc.newStub(channel(sandboxId));
  }

  public FilesGrpc.FilesStub files(String sandboxId) {
    return FilesGrpc.newStub(channel(sandboxId));
  }

  public FilesystemGrpc.FilesystemStub filesystem(String sandboxId) {
    return FilesystemGrpc.newStub(channel(sandboxId));
  }

  private Channel channel(String sandboxId) {
    SandboxInstance sandbox = sandboxes.get(sandboxId);
    if (sandbox.state() == SandboxState.PAUSED) {
      throw new UnavailableException("sandbox " + sandboxId + " is paused; resume it");
    }
    Channel channel = channels.forSandbox(sandboxId, sandbox.agent())
        .orElseThrow(() -> new UnavailableException("the orchestrator is shutting down"));
    Metadata headers = new Metadata();
    if (sandbox.accessToken() != null) {
      headers.put(ACCESS_TOKEN, sandbox.accessToken());
    }
    return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
  }
}
