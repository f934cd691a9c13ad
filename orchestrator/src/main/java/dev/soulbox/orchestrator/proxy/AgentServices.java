package dev.soulbox.orchestrator.proxy;

import dev.soulbox.proto.agent.v1.AgentGrpc;
import dev.soulbox.proto.agent.v1.FilesGrpc;
import dev.soulbox.proto.agent.v1.ProcessControlGrpc;
import dev.soulbox.proto.filesystem.FilesystemGrpc;
import dev.soulbox.proto.process.ProcessGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The agent's services as the orchestrator serves them: the generated names, method types and
 * schemas (so reflection describes them), with raw frames for messages and one handler for every method.
 */
final class AgentServices {
  /** Everything the agent serves under {@code process}, {@code filesystem} and {@code soulbox.agent.v1}. */
  static final List<ServiceDescriptor> RELAYED = List.of(
      ProcessGrpc.getServiceDescriptor(),
      FilesystemGrpc.getServiceDescriptor(),
      FilesGrpc.getServiceDescriptor(),
      ProcessControlGrpc.getServiceDescriptor(),
      AgentGrpc.getServiceDescriptor());

  private static final Set<String> RELAYED_NAMES = RELAYED.stream().map(ServiceDescriptor::getName)
      .collect(Collectors.toUnmodifiableSet());

  private AgentServices() {}

  static boolean isRelayed(String serviceName) {
    return RELAYED_NAMES.contains(serviceName);
  }

  static ServerServiceDefinition relayed(ServiceDescriptor generated, ServerCallHandler<byte[], byte[]> handler) {
    ServiceDescriptor.Builder service = ServiceDescriptor.newBuilder(generated.getName())
        .setSchemaDescriptor(generated.getSchemaDescriptor());
    List<MethodDescriptor<byte[], byte[]>> methods = new ArrayList<>();
    for (MethodDescriptor<?, ?> method : generated.getMethods()) {
      MethodDescriptor<byte[], byte[]> raw = method.toBuilder(FrameMarshaller.INSTANCE, FrameMarshaller.INSTANCE).build();
      service.addMethod(raw);
      methods.add(raw);
    }
    ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(service.build());
    methods.forEach(m -> definition.addMethod(m, handler));
    return definition.build();
  }
}
