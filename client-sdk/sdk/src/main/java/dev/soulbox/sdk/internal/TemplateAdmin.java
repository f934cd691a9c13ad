package dev.soulbox.sdk.internal;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import dev.soulbox.proto.orchestrator.v1.BuildTemplateEvent;
import dev.soulbox.proto.orchestrator.v1.BuildTemplateRequest;
import dev.soulbox.proto.orchestrator.v1.DeleteTemplateRequest;
import dev.soulbox.proto.orchestrator.v1.ListTemplatesRequest;
import dev.soulbox.proto.orchestrator.v1.Template;
import dev.soulbox.proto.orchestrator.v1.TemplateServiceGrpc;
import dev.soulbox.sdk.SoulBoxException;
import dev.soulbox.sdk.TemplateInfo;
import dev.soulbox.sdk.TemplateSpec;
import dev.soulbox.sdk.Templates;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/** The orchestrator's {@code TemplateService}, called with the client's API key. */
public final class TemplateAdmin implements Templates {
  private final AdminCalls calls;

  public TemplateAdmin(AdminCalls calls) {
    this.calls = calls;
  }

  @Override
  public List<TemplateInfo> list() {
    try {
      return calls.shortCall(TemplateServiceGrpc::newBlockingStub)
          .listTemplates(ListTemplatesRequest.getDefaultInstance())
          .getTemplatesList().stream().map(TemplateAdmin::info).toList();
    } catch (StatusRuntimeException e) {
      throw calls.failure(e, "list templates", null);
    }
  }

  @Override
  public TemplateInfo build(TemplateSpec spec, Consumer<String> onLog) {
    requireNonNull(spec, "spec");
    requireNonNull(onLog, "onLog");
    String action = "build template " + spec.name();
    BuildTemplateRequest.Builder request = BuildTemplateRequest.newBuilder()
        .setName(spec.name()).setDockerfile(spec.dockerfile()).setPoolSize(spec.poolSize());
    spec.context().ifPresent(dir -> request.setContextTar(ByteString.copyFrom(ContextTar.of(dir))));
    if (!spec.resources().isEmpty()) {
      request.setResources(AdminMapping.resources(spec.resources()));
    }
    Context.CancellableContext context = Context.current().withCancellation();
    Context previous = context.attach();
    try {
      Iterator<BuildTemplateEvent> events =
          calls.stub(TemplateServiceGrpc::newBlockingStub).buildTemplate(request.build());
      while (events.hasNext()) {
        BuildTemplateEvent event = events.next();
        if (event.hasDone()) {
          return info(event.getDone());
        }
        onLog.accept(event.getLog());
      }
      throw new SoulBoxException(action + ": the build ended without saying it was done");
    } catch (StatusRuntimeException e) {
      throw calls.failure(e, action, null);
    } finally {
      context.detach(previous);
      context.cancel(null);
    }
  }

  @Override
  public void delete(String name) {
    try {
      calls.shortCall(TemplateServiceGrpc::newBlockingStub)
          .deleteTemplate(DeleteTemplateRequest.newBuilder().setName(requireNonNull(name, "name")).build());
    } catch (StatusRuntimeException e) {
      throw calls.failure(e, "delete template " + name, null);
    }
  }

  static TemplateInfo info(Template t) {
    return new TemplateInfo(t.getName(), t.getImage(), t.hasCreatedAt() ? Entries.instant(t.getCreatedAt()) : null,
        t.getSizeBytes(), AdminMapping.resources(t.getResources()), t.getDesktop(), t.getPoolSize());
  }
}
