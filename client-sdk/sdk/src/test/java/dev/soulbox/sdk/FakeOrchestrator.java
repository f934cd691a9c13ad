package dev.soulbox.sdk;

import com.google.protobuf.Timestamp;
import dev.soulbox.proto.orchestrator.v1.BuildTemplateEvent;
import dev.soulbox.proto.orchestrator.v1.BuildTemplateRequest;
import dev.soulbox.proto.orchestrator.v1.CreateSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.DeleteTemplateRequest;
import dev.soulbox.proto.orchestrator.v1.DeleteTemplateResponse;
import dev.soulbox.proto.orchestrator.v1.ListTemplatesRequest;
import dev.soulbox.proto.orchestrator.v1.ListTemplatesResponse;
import dev.soulbox.proto.orchestrator.v1.Template;
import dev.soulbox.proto.orchestrator.v1.TemplateServiceGrpc;
import dev.soulbox.proto.orchestrator.v1.ExposePortRequest;
import dev.soulbox.proto.orchestrator.v1.ExposePortResponse;
import dev.soulbox.proto.orchestrator.v1.GetMetricsRequest;
import dev.soulbox.proto.orchestrator.v1.GetSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.KillSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.KillSandboxResponse;
import dev.soulbox.proto.orchestrator.v1.ListSandboxesRequest;
import dev.soulbox.proto.orchestrator.v1.ListSandboxesResponse;
import dev.soulbox.proto.orchestrator.v1.LogEntry;
import dev.soulbox.proto.orchestrator.v1.PauseSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.ResumeSandboxRequest;
import dev.soulbox.proto.orchestrator.v1.Sandbox;
import dev.soulbox.proto.orchestrator.v1.SandboxMetrics;
import dev.soulbox.proto.orchestrator.v1.SandboxServiceGrpc;
import dev.soulbox.proto.orchestrator.v1.SandboxState;
import dev.soulbox.proto.orchestrator.v1.SetTimeoutRequest;
import dev.soulbox.proto.orchestrator.v1.UpdateNetworkRequest;
import dev.soulbox.proto.orchestrator.v1.StreamLogsRequest;
import dev.soulbox.proto.orchestrator.v1.VncAccess;
import dev.soulbox.proto.process.ListRequest;
import dev.soulbox.proto.process.ListResponse;
import dev.soulbox.proto.process.ProcessGrpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the orchestrator on 127.0.0.1: an in-memory SandboxService that wants API key
 * {@link #API_KEY}, and a relay that answers process.Process/List for known sandboxes. It keeps
 * every request and the headers it came with.
 */
final class FakeOrchestrator extends SandboxServiceGrpc.SandboxServiceImplBase implements AutoCloseable {
  static final String API_KEY = "key-1";
  static final Metadata.Key<String> API_KEY_HEADER = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> SANDBOX_ID = Metadata.Key.of("sandbox-id", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> TOKEN = Metadata.Key.of("x-access-token", Metadata.ASCII_STRING_MARSHALLER);

  final List<Object> requests = new CopyOnWriteArrayList<>();
  final List<Metadata> headers = new CopyOnWriteArrayList<>();
  final Map<String, Sandbox> sandboxes = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final Server server;

  FakeOrchestrator() {
    ServerInterceptor record = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata h,
                                                         ServerCallHandler<Q, R> next) {
        headers.add(h);
        if (call.getMethodDescriptor().getServiceName().startsWith("soulbox.orchestrator")
            && !API_KEY.equals(h.get(API_KEY_HEADER))) {
          call.close(Status.UNAUTHENTICATED.withDescription("missing or wrong x-api-key"), new Metadata());
          return new ServerCall.Listener<>() { };
        }
        return next.startCall(call, h);
      }
    };
    try {
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .addService(ServerInterceptors.intercept(this, record))
          .addService(ServerInterceptors.intercept(new Relay(), record))
          .addService(ServerInterceptors.intercept(new Templates(), record))
          .build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  <T> T last(Class<T> type) {
    for (int i = requests.size() - 1; i >= 0; i--) {
      if (type.isInstance(requests.get(i))) {
        return type.cast(requests.get(i));
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " among " + requests);
  }

  @Override
  public void createSandbox(CreateSandboxRequest r, StreamObserver<Sandbox> out) {
    requests.add(r);
    String id = String.format("sbx%017d", ids.incrementAndGet());
    Sandbox.Builder s = Sandbox.newBuilder().setSandboxId(id).setTemplate(r.getTemplate())
        .setState(SandboxState.SANDBOX_STATE_RUNNING).putAllMetadata(r.getMetadataMap())
        .setStartedAt(seconds(1_700_000_000)).setEndAt(seconds(1_700_000_000 + Math.max(300, r.getTimeoutSeconds())))
        .setEnvdAccessToken("token-" + id).setEnvdVersion("0.5.7").setResources(r.getResources())
        .setNetwork(r.getNetwork());
    if (r.getVnc()) {
      s.setVnc(VncAccess.newBuilder().setNovncUrl("http://localhost:7080/vnc.html?token=t-" + id));
    }
    sandboxes.put(id, s.build());
    reply(out, s.build());
  }

  @Override
  public void getSandbox(GetSandboxRequest r, StreamObserver<Sandbox> out) {
    requests.add(r);
    withSandbox(r.getSandboxId(), out, s -> s);
  }

  @Override
  public void listSandboxes(ListSandboxesRequest r, StreamObserver<ListSandboxesResponse> out) {
    requests.add(r);
    reply(out, ListSandboxesResponse.newBuilder().addAllSandboxes(sandboxes.values().stream()
        .filter(s -> s.getMetadataMap().entrySet().containsAll(r.getMetadataMap().entrySet()))
        .filter(s -> r.getStatesList().isEmpty() || r.getStatesList().contains(s.getState()))
        .toList()).build());
  }

  @Override
  public void killSandbox(KillSandboxRequest r, StreamObserver<KillSandboxResponse> out) {
    requests.add(r);
    if (sandboxes.remove(r.getSandboxId()) == null) {
      out.onError(notFound(r.getSandboxId()));
      return;
    }
    reply(out, KillSandboxResponse.getDefaultInstance());
  }

  @Override
  public void pauseSandbox(PauseSandboxRequest r, StreamObserver<Sandbox> out) {
    requests.add(r);
    withSandbox(r.getSandboxId(), out, s -> s.toBuilder().setState(SandboxState.SANDBOX_STATE_PAUSED).build());
  }

  @Override
  public void resumeSandbox(ResumeSandboxRequest r, StreamObserver<Sandbox> out) {
    requests.add(r);
    withSandbox(r.getSandboxId(), out, s -> s.toBuilder().setState(SandboxState.SANDBOX_STATE_RUNNING).build());
  }

  @Override
  public void setTimeout(SetTimeoutRequest r, StreamObserver<Sandbox> out) {
    requests.add(r);
    withSandbox(r.getSandboxId(), out, s -> s.toBuilder()
        .setEndAt(seconds(s.getStartedAt().getSeconds() + r.getTimeoutSeconds())).build());
  }

  @Override
  public void updateNetwork(UpdateNetworkRequest r, StreamObserver<Sandbox> out) {
    requests.add(r);
    withSandbox(r.getSandboxId(), out, s -> s.toBuilder().setNetwork(r.getNetwork()).build());
  }

  @Override
  public void streamLogs(StreamLogsRequest r, StreamObserver<LogEntry> out) {
    requests.add(r);
    out.onNext(LogEntry.newBuilder().setTimestamp(seconds(1_700_000_001)).setSource("lifecycle")
        .setMessage("created").build());
    out.onNext(LogEntry.newBuilder().setTimestamp(seconds(1_700_000_002)).setSource("stdout")
        .setMessage("agent started").build());
    out.onCompleted();
  }

  @Override
  public void getMetrics(GetMetricsRequest r, StreamObserver<SandboxMetrics> out) {
    requests.add(r);
    if (!sandboxes.containsKey(r.getSandboxId())) {
      out.onError(notFound(r.getSandboxId()));
      return;
    }
    reply(out, SandboxMetrics.newBuilder().setTimestamp(seconds(1_700_000_003)).setCpuCount(1).setCpuUsedPct(2.5)
        .setMemUsedBytes(64L << 20).setMemTotalBytes(1L << 30).setPids(4).build());
  }

  @Override
  public void exposePort(ExposePortRequest r, StreamObserver<ExposePortResponse> out) {
    requests.add(r);
    reply(out, ExposePortResponse.newBuilder()
        .setUrl("http://" + r.getPort() + "-" + r.getSandboxId() + ".localhost:7080/").build());
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  private void withSandbox(String id, StreamObserver<Sandbox> out, java.util.function.UnaryOperator<Sandbox> change) {
    Sandbox s = sandboxes.computeIfPresent(id, (k, v) -> change.apply(v));
    if (s == null) {
      out.onError(notFound(id));
      return;
    }
    reply(out, s);
  }

  private static RuntimeException notFound(String id) {
    return Status.NOT_FOUND.withDescription("sandbox " + id + " not found").asRuntimeException();
  }

  private static <T> void reply(StreamObserver<T> out, T value) {
    out.onNext(value);
    out.onCompleted();
  }

  private static Timestamp seconds(long s) {
    return Timestamp.newBuilder().setSeconds(s).build();
  }

  /** TemplateService with one template, {@code base}; builds log two lines and succeed unless the name is "bad". */
  private final class Templates extends TemplateServiceGrpc.TemplateServiceImplBase {
    private final Template base = Template.newBuilder().setName("base").setImage("soulbox/base:latest")
        .setCreatedAt(seconds(1_700_000_000)).setSizeBytes(480L << 20).build();

    @Override
    public void listTemplates(ListTemplatesRequest r, StreamObserver<ListTemplatesResponse> out) {
      requests.add(r);
      reply(out, ListTemplatesResponse.newBuilder().addTemplates(base).build());
    }

    @Override
    public void buildTemplate(BuildTemplateRequest r, StreamObserver<BuildTemplateEvent> out) {
      requests.add(r);
      out.onNext(BuildTemplateEvent.newBuilder().setLog("Step 1/2 : FROM soulbox/base").build());
      if (r.getName().equals("bad")) {
        out.onError(Status.INVALID_ARGUMENT.withDescription("building template bad failed: exit 1").asRuntimeException());
        return;
      }
      out.onNext(BuildTemplateEvent.newBuilder().setLog("Successfully tagged soulbox/" + r.getName()).build());
      reply(out, BuildTemplateEvent.newBuilder().setDone(Template.newBuilder().setName(r.getName())
          .setImage("soulbox/" + r.getName() + ":latest").setSizeBytes(500L << 20).setResources(r.getResources())).build());
    }

    @Override
    public void deleteTemplate(DeleteTemplateRequest r, StreamObserver<DeleteTemplateResponse> out) {
      requests.add(r);
      if (!r.getName().equals("base")) {
        out.onError(Status.NOT_FOUND.withDescription("template " + r.getName() + " does not exist").asRuntimeException());
        return;
      }
      reply(out, DeleteTemplateResponse.getDefaultInstance());
    }
  }

  /** What the orchestrator's relay would do for process.Process/List, minus the agent. */
  private final class Relay extends ProcessGrpc.ProcessImplBase {
    @Override
    public void list(ListRequest request, StreamObserver<ListResponse> out) {
      Metadata h = headers.get(headers.size() - 1);
      Sandbox s = sandboxes.get(String.valueOf(h.get(SANDBOX_ID)));
      if (s == null) {
        out.onError(notFound(h.get(SANDBOX_ID)));
      } else if (!s.getEnvdAccessToken().equals(h.get(TOKEN))) {
        out.onError(Status.UNAUTHENTICATED.withDescription("wrong access token").asRuntimeException());
      } else {
        reply(out, ListResponse.getDefaultInstance());
      }
    }
  }
}
