package dev.soulbox.orchestrator.proxy;

import static dev.soulbox.orchestrator.proxy.ProxyHarness.SANDBOX;
import static dev.soulbox.orchestrator.proxy.ProxyHarness.TOKEN;
import static dev.soulbox.orchestrator.proxy.ProxyHarness.toSandbox;
import static dev.soulbox.orchestrator.proxy.ProxyRoutingTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.soulbox.proto.process.ConnectRequest;
import dev.soulbox.proto.process.ConnectResponse;
import dev.soulbox.proto.process.ListRequest;
import dev.soulbox.proto.process.ProcessEvent;
import dev.soulbox.proto.process.ProcessGrpc;
import dev.soulbox.proto.process.ProcessSelector;
import dev.soulbox.proto.process.StartRequest;
import dev.soulbox.proto.process.StartResponse;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How relayed calls end: deadlines, cancels, disconnects, slow readers and the proxy closing. */
class ProxyLifecycleTest {
  private ProxyHarness harness;
  private ProcessGrpc.ProcessBlockingStub process;

  @BeforeEach
  void setUp() {
    harness = ProxyHarness.start();
    process = toSandbox(ProcessGrpc.newBlockingStub(harness.channel));
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void deadline_becomesTheUpstreamDeadline_andKillsTheProcess() {
    Iterator<StartResponse> stream = process.withDeadlineAfter(500, TimeUnit.MILLISECONDS)
        .start(ProcessOutput.bash("exec sleep 30"));
    int pid = stream.next().getEvent().getStart().getPid();

    assertStatus(() -> stream.forEachRemaining(r -> {}), Status.Code.DEADLINE_EXCEEDED, "");

    assertThat(harness.upstream.last("process.Process/Start").deadline()).isNotNull();
    ProcessOutput after = ProcessOutput.drain(
        process.connect(ConnectRequest.newBuilder().setProcess(ProcessSelector.newBuilder().setPid(pid)).build()),
        ConnectResponse::getEvent);
    assertThat(after.end().getStatus()).isEqualTo("signal: killed");
    assertThat(after.end().getError()).contains("deadline");
    await().atMost(Duration.ofSeconds(5)).until(() -> harness.proxy.activeRelays() == 0);
  }

  @Test
  void clientCancel_cancelsTheUpstreamCall_andLeavesNothingBehind() throws Exception {
    Context.CancellableContext context = Context.current().withCancellation();
    Iterator<StartResponse> stream = context.call(() -> process.start(
        ProcessOutput.bash("exec sleep 30").toBuilder().setTag("outlives-the-call").build()));
    stream.next();
    assertThat(harness.proxy.activeRelays()).isEqualTo(1);

    context.cancel(null);

    assertThat(harness.upstream.last("process.Process/Start").end().get(5, TimeUnit.SECONDS)).isEqualTo("cancelled");
    await().atMost(Duration.ofSeconds(5)).until(() -> harness.proxy.activeRelays() == 0);
    assertThat(harness.proxiedCalls("process.Process", "CANCELLED")).isEqualTo(1);
    // envd semantics hold through the proxy: a cancelled stream detaches, the process runs on
    assertThat(process.list(ListRequest.getDefaultInstance()).getProcessesList())
        .anyMatch(p -> p.getTag().equals("outlives-the-call"));
  }

  @Test
  void clientDisconnect_midStream_cancelsTheUpstreamCall() throws Exception {
    ManagedChannel client = ProxyHarness.client(harness.server.getPort());
    Iterator<StartResponse> stream = toSandbox(ProcessGrpc.newBlockingStub(client)).start(ProcessOutput.bash("exec yes"));
    stream.next();
    stream.next();

    client.shutdownNow();

    assertThat(harness.upstream.last("process.Process/Start").end().get(5, TimeUnit.SECONDS)).isEqualTo("cancelled");
    await().atMost(Duration.ofSeconds(5)).until(() -> harness.proxy.activeRelays() == 0);
  }

  @Test
  void slowReader_holdsBackTheAgent_insteadOfFillingTheProxy() throws Exception {
    StreamReader reader = new StreamReader();
    ClientCall<StartRequest, StartResponse> call = harness.channel.newCall(ProcessGrpc.getStartMethod(), CallOptions.DEFAULT);
    call.start(reader, sandboxHeaders());
    call.sendMessage(ProcessOutput.bash("head -c 50000000 /dev/zero"));
    call.halfClose();
    call.request(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> reader.messages.get() == 1);
    RelayCall relay = harness.proxy.relays().iterator().next();

    // the client stalls while the agent has 50 MB to send: what crosses the proxy stays within the
    // client's 1 MiB window plus the relay's outbound threshold, one message requested at a time
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
        relay.responseBytesRelayed() < 4 << 20 && relay.responsesRequested() - relay.responsesRelayed() <= 1);
    long relayedWhileStalled = relay.responseBytesRelayed();

    call.request(Integer.MAX_VALUE);
    Status status = reader.closed.get(60, TimeUnit.SECONDS);

    assertThat(status.getCode()).isEqualTo(Status.Code.OK);
    assertThat(reader.stdoutBytes.get()).isEqualTo(50_000_000L);
    assertThat(reader.ends).singleElement().satisfies(end -> assertThat(end.getExitCode()).isZero());
    assertThat(relay.responsesRequested() - relay.responsesRelayed()).isLessThanOrEqualTo(1);
    System.out.printf("slow reader: %d bytes in %d messages crossed the proxy while the client stalled%n",
        relayedWhileStalled, relay.responsesRelayed());
  }

  @Test
  void closingTheProxy_endsItsCalls_andItsChannels() throws Exception {
    Iterator<StartResponse> stream = process.start(ProcessOutput.bash("sleep 30"));
    stream.next();

    harness.proxy.close();

    assertStatus(stream::hasNext, Status.Code.UNAVAILABLE, "shutting down");
    assertThat(harness.upstream.last("process.Process/Start").end().get(5, TimeUnit.SECONDS)).isEqualTo("cancelled");
    await().atMost(Duration.ofSeconds(5)).until(() -> harness.proxy.activeRelays() == 0);
    assertThat(harness.proxy.openChannels()).isZero();
    assertStatus(() -> process.list(ListRequest.getDefaultInstance()), Status.Code.UNAVAILABLE, "shutting down");
  }

  private static Metadata sandboxHeaders() {
    Metadata headers = new Metadata();
    headers.put(ProxyHeaders.SANDBOX_ID, SANDBOX);
    headers.put(Metadata.Key.of("x-access-token", Metadata.ASCII_STRING_MARSHALLER), TOKEN);
    return headers;
  }

  /** Counts a Start stream's output without keeping it. */
  private static final class StreamReader extends ClientCall.Listener<StartResponse> {
    final AtomicLong messages = new AtomicLong();
    final AtomicLong stdoutBytes = new AtomicLong();
    final List<ProcessEvent.EndEvent> ends = new CopyOnWriteArrayList<>();
    final CompletableFuture<Status> closed = new CompletableFuture<>();

    @Override
    public void onMessage(StartResponse response) {
      messages.incrementAndGet();
      stdoutBytes.addAndGet(response.getEvent().getData().getStdout().size());
      if (response.getEvent().hasEnd()) {
        ends.add(response.getEvent().getEnd());
      }
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      closed.complete(status);
    }
  }
}
