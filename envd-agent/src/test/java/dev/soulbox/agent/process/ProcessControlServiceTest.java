package dev.soulbox.agent.process;

import static dev.soulbox.agent.process.ProcessServiceTest.assertStatus;
import static dev.soulbox.agent.process.ProcessServiceTest.bash;
import static dev.soulbox.agent.process.ProcessServiceTest.pid;
import static dev.soulbox.agent.process.ProcessServiceTest.tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.soulbox.agent.server.AgentConfig;
import dev.soulbox.agent.server.TestAgent;
import dev.soulbox.proto.agent.v1.AttachRequest;
import dev.soulbox.proto.agent.v1.AttachResponse;
import dev.soulbox.proto.agent.v1.ProcessControlGrpc;
import dev.soulbox.proto.agent.v1.SignalRequest;
import dev.soulbox.proto.process.ConnectRequest;
import dev.soulbox.proto.process.ConnectResponse;
import dev.soulbox.proto.process.ProcessGrpc;
import dev.soulbox.proto.process.SendSignalRequest;
import dev.soulbox.proto.process.Signal;
import dev.soulbox.proto.process.StartRequest;
import dev.soulbox.proto.process.StartResponse;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProcessControlServiceTest {
  private TestAgent agent;
  private ProcessGrpc.ProcessBlockingStub process;
  private ProcessControlGrpc.ProcessControlBlockingStub control;

  @BeforeEach
  void setUp() {
    agent = TestAgent.start(AgentConfig.defaults().withOutputBuffer(256 * 1024, Duration.ofMillis(500)));
    process = ProcessGrpc.newBlockingStub(agent.channel());
    control = ProcessControlGrpc.newBlockingStub(agent.channel());
  }

  @AfterEach
  void tearDown() {
    agent.close();
  }

  private static ProcessEventsCollector drainAttach(Iterator<AttachResponse> stream, AtomicLong firstOffset) {
    ProcessEventsCollector c = new ProcessEventsCollector();
    while (stream.hasNext()) {
      AttachResponse r = stream.next();
      if (r.getEvent().hasStart()) {
        firstOffset.set(r.getOffset());
      }
      c.add(r.getEvent());
    }
    return c;
  }

  @Test
  void attach_replaysWhatTheClientMissed_withoutDuplicates() throws Exception {
    Context.CancellableContext call = Context.current().withCancellation();
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    int pid = call.call(() -> {
      Iterator<StartResponse> stream = process.start(bash("for i in $(seq 1 200); do echo line-$i; sleep 0.005; done"));
      int p = stream.next().getEvent().getStart().getPid();
      while (seen.size() < 100) {
        seen.writeBytes(stream.next().getEvent().getData().getStdout().toByteArray());
      }
      return p;
    });
    call.cancel(null);

    AtomicLong start = new AtomicLong(-1);
    ProcessEventsCollector rest = drainAttach(
        control.attach(AttachRequest.newBuilder().setProcess(pid(pid)).setOffset(seen.size()).build()), start);

    assertThat(start.get()).isEqualTo(seen.size());
    StringBuilder expected = new StringBuilder();
    for (int i = 1; i <= 200; i++) {
      expected.append("line-").append(i).append('\n');
    }
    assertThat(seen.toString() + rest.stdout()).isEqualTo(expected.toString());
    assertThat(rest.end().getExitCode()).isZero();
  }

  @Test
  void attach_dataEventsCarryTheirOffsets() {
    ProcessEventsCollector first = ProcessEventsCollector.drain(
        process.start(bash("printf abc; printf def >&2").toBuilder().setTag("offsets").build()), StartResponse::getEvent);

    Iterator<AttachResponse> replay = control.attach(AttachRequest.newBuilder().setProcess(tag("offsets")).build());
    long expectedOffset = 0;
    AttachResponse last = null;
    while (replay.hasNext()) {
      last = replay.next();
      if (last.getEvent().hasData()) {
        assertThat(last.getOffset()).isEqualTo(expectedOffset);
        expectedOffset += last.getEvent().getData().getStdout().size() + last.getEvent().getData().getStderr().size();
      }
    }
    assertThat(last.getEvent().hasEnd()).isTrue();
    assertThat(last.getOffset()).isEqualTo(6);
    assertThat(first.stdout() + first.stderr()).isEqualTo("abcdef");
  }

  @Test
  void attach_fromBeforeTheRetainedOutput_startsAtTheOldestByteKept() {
    ProcessEventsCollector first = ProcessEventsCollector.drain(
        process.start(bash("head -c 1000000 /dev/zero").toBuilder().setTag("big").build()), StartResponse::getEvent);
    assertThat(first.stdout).matches(out -> out.size() == 1_000_000);

    AtomicLong start = new AtomicLong(-1);
    ProcessEventsCollector replay = drainAttach(
        control.attach(AttachRequest.newBuilder().setProcess(tag("big")).setOffset(0).build()), start);

    assertThat(start.get()).isPositive();
    assertThat(start.get() + replay.stdout.size()).isEqualTo(1_000_000);
    assertThat(replay.stdout.size()).isGreaterThanOrEqualTo(256 * 1024);
  }

  @Test
  void attach_badRequests() {
    ProcessEventsCollector.drain(process.start(bash("printf 123").toBuilder().setTag("short").build()), StartResponse::getEvent);

    assertStatus(() -> control.attach(AttachRequest.newBuilder().setProcess(tag("short")).setOffset(4).build()).next(),
        Status.Code.INVALID_ARGUMENT, "beyond the output so far (3 bytes)");
    assertStatus(() -> control.attach(AttachRequest.newBuilder().setProcess(tag("ghost")).build()).next(),
        Status.Code.NOT_FOUND, "tag ghost");
  }

  @Test
  void signal_anySignal_byNameOrNumber() {
    Iterator<StartResponse> stream = process.start(bash("trap 'echo got-usr1' USR1; while true; do sleep 0.05; done")
        .toBuilder().setTag("trapper").build());
    stream.next();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      control.signal(SignalRequest.newBuilder().setProcess(tag("trapper")).setSignal("SIGUSR1").build());
      assertThat(stream.next().getEvent().getData().getStdout().toStringUtf8()).contains("got-usr1");
    });

    // bash waits for its foreground child before acting on SIGINT, so interrupt the whole group
    control.signal(SignalRequest.newBuilder().setProcess(tag("trapper")).setSignal("2").setProcessGroup(true).build());
    ProcessEventsCollector rest = ProcessEventsCollector.drain(stream, StartResponse::getEvent);
    assertThat(rest.end().getStatus()).isEqualTo("signal: interrupt");
  }

  @Test
  void signal_toTheProcessGroup_reachesChildren() {
    Iterator<StartResponse> stream = process.start(bash("sleep 30 & sleep 30 & wait").toBuilder().setTag("family").build());
    int pid = stream.next().getEvent().getStart().getPid();

    control.signal(SignalRequest.newBuilder().setProcess(tag("family")).setSignal("TERM").setProcessGroup(true).build());

    ProcessEventsCollector rest = ProcessEventsCollector.drain(stream, StartResponse::getEvent);
    assertThat(rest.end().getStatus()).isEqualTo("signal: terminated");
    assertThat(ProcessHandle.allProcesses().filter(h -> h.parent().map(p -> p.pid() == pid).orElse(false)).count()).isZero();
  }

  @Test
  void signal_badSignals_areInvalidArgument() {
    Iterator<StartResponse> stream = process.start(bash("sleep 30").toBuilder().setTag("target").build());
    stream.next();

    assertStatus(() -> control.signal(SignalRequest.newBuilder().setProcess(tag("target")).setSignal("SIGNOPE").build()),
        Status.Code.INVALID_ARGUMENT, "unknown signal SIGNOPE");
    assertStatus(() -> control.signal(SignalRequest.newBuilder().setProcess(tag("target")).setSignal("99").build()),
        Status.Code.INVALID_ARGUMENT, "out of range");
    assertStatus(() -> control.signal(SignalRequest.newBuilder().setProcess(tag("target")).build()),
        Status.Code.INVALID_ARGUMENT, "signal is empty");
    assertStatus(() -> control.signal(SignalRequest.newBuilder().setProcess(pid(999_999)).setSignal("TERM").build()),
        Status.Code.NOT_FOUND, "pid 999999");
    process.sendSignal(SendSignalRequest.newBuilder().setProcess(tag("target")).setSignal(Signal.SIGNAL_SIGKILL).build());
  }

  @Test
  void signal_afterExit_isNotFound() {
    ProcessEventsCollector.drain(process.start(bash("true").toBuilder().setTag("gone").build()), StartResponse::getEvent);

    assertStatus(() -> control.signal(SignalRequest.newBuilder().setProcess(tag("gone")).setSignal("TERM").build()),
        Status.Code.NOT_FOUND, "already exited");
  }

  @Test
  void aClientThatStopsReading_isDropped_andTheProcessRunsOn() throws Exception {
    CompletableFuture<Status> outcome = new CompletableFuture<>();
    ProcessGrpc.newStub(agent.channel()).start(bash("head -c 20000000 /dev/zero; echo done >&2").toBuilder().setTag("flood").build(),
        new ClientResponseObserver<StartRequest, StartResponse>() {
          @Override public void beforeStart(ClientCallStreamObserver<StartRequest> call) {
            call.disableAutoInboundFlowControl();
          }
          @Override public void onNext(StartResponse value) { }
          @Override public void onError(Throwable t) { outcome.complete(Status.fromThrowable(t)); }
          @Override public void onCompleted() { outcome.complete(Status.OK); }
        });

    Status status = outcome.get(30, TimeUnit.SECONDS);
    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(status.getDescription()).contains("Attach from offset");

    ProcessEventsCollector end = ProcessEventsCollector.drain(
        process.connect(ConnectRequest.newBuilder().setProcess(tag("flood")).build()), ConnectResponse::getEvent);
    assertThat(end.end().getExitCode()).isZero();
  }

  @Test
  void statusCodes_doNotLeakStackTraces() {
    try {
      control.signal(SignalRequest.newBuilder().setProcess(tag("none")).setSignal("TERM").build());
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getDescription()).doesNotContain("at dev.soulbox");
      assertThat(ByteString.copyFromUtf8(e.getStatus().getDescription()).size()).isLessThan(200);
    }
  }
}
