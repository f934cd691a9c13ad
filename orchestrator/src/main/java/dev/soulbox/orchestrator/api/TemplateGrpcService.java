package dev.soulbox.orchestrator.api;

import dev.soulbox.grpc.stream.QueuedSource;
import dev.soulbox.grpc.stream.ServerStream;
import dev.soulbox.orchestrator.runtime.Template;
import dev.soulbox.orchestrator.runtime.TemplateStore;
import dev.soulbox.orchestrator.templates.Templates;
import dev.soulbox.proto.orchestrator.v1.BuildTemplateEvent;
import dev.soulbox.proto.orchestrator.v1.BuildTemplateRequest;
import dev.soulbox.proto.orchestrator.v1.DeleteTemplateRequest;
import dev.soulbox.proto.orchestrator.v1.DeleteTemplateResponse;
import dev.soulbox.proto.orchestrator.v1.ListTemplatesRequest;
import dev.soulbox.proto.orchestrator.v1.ListTemplatesResponse;
import dev.soulbox.proto.orchestrator.v1.TemplateServiceGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;

/** The admin API's template calls: listed from the {@link TemplateStore}, built and deleted by {@link Templates}. */
public final class TemplateGrpcService extends TemplateServiceGrpc.TemplateServiceImplBase {
  private static final int QUEUED_LINES = 1024;

  private final TemplateStore store;
  private final Templates templates;
  private final Executor workers;

  /** @param workers runs builds, which stream their output while they last */
  public TemplateGrpcService(TemplateStore store, Templates templates, Executor workers) {
    this.store = store;
    this.templates = templates;
    this.workers = workers;
  }

  @Override
  public void buildTemplate(BuildTemplateRequest request, StreamObserver<BuildTemplateEvent> out) {
    QueuedSource<BuildTemplateEvent> events = new QueuedSource<>(QUEUED_LINES);
    ServerStream.of((ServerCallStreamObserver<BuildTemplateEvent>) out, events).begin();
    workers.execute(() -> {
      try {
        Template built = templates.build(request.getName(), request.getDockerfile(),
            request.getContextTar().toByteArray(), SandboxProtos.limits(request.getResources()), request.getPoolSize(),
            line -> events.offerBulk(BuildTemplateEvent.newBuilder().setLog(line).build()));
        events.offer(BuildTemplateEvent.newBuilder().setDone(template(built)).build());
        events.finish(null);
      } catch (RuntimeException e) {
        events.finish(e);
      }
    });
  }

  @Override
  public void listTemplates(ListTemplatesRequest request, StreamObserver<ListTemplatesResponse> out) {
    ListTemplatesResponse.Builder response = ListTemplatesResponse.newBuilder();
    store.list().forEach(t -> response.addTemplates(template(t)));
    out.onNext(response.build());
    out.onCompleted();
  }

  @Override
  public void deleteTemplate(DeleteTemplateRequest request, StreamObserver<DeleteTemplateResponse> out) {
    templates.delete(request.getName());
    out.onNext(DeleteTemplateResponse.getDefaultInstance());
    out.onCompleted();
  }

  private dev.soulbox.proto.orchestrator.v1.Template template(Template t) {
    return SandboxProtos.template(t, templates.poolSizeOf(t));
  }
}
