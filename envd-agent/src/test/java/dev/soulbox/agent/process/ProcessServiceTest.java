package dev.soulbox.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.soulbox.agent.server.AgentConfig;
import dev.soulbox.agent.server.TestAgent;
import dev.soulbox.proto.process.CloseStdinRequest;
import dev.soulbox.proto.process.ConnectRequest;
import dev.soulbox.proto.process.ConnectResponse;
import dev.soulbox.proto.process.ListRequest;
import dev.soulbox.proto.process.PTY;
import dev.soulbox.proto.process.ProcessConfig;
import dev.soulbox.proto.process.ProcessEvent;
import dev.soulbox.proto.process.ProcessGrpc;
import dev.soulbox.proto.process.ProcessInput;
import dev.soulbox.proto.process.ProcessSelector;
import dev.soulbox.proto.process.SendInputRequest;
import dev.soulbox.proto.process.SendSignalRequest;
import dev.soulbox.proto.process.Signal;
import dev.soulbox.proto.process.StartRequest;
import dev.soulbox.proto.process.StartResponse;
import dev.soulbox.proto.process.StreamInputRequest;
import dev.soulbox.proto.process.StreamInputResponse;
import dev.soulbox.proto.process.UpdateRequest;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessServiceTest {
  private TestAgent agent;
  private ProcessGrpc.ProcessBlockingStub process;

  @BeforeEach
  void setUp() {
    agent = TestAgent.start(AgentConfig.defaults().withExitRetention(Duration.ofSeconds(30)));
    process = ProcessGrpc.newBlockingStub(agent.channel());
  }

  @AfterEach
  void tearDown() {
    agent.close();
  }

  static StartRequest bash(String script) {
    return StartRequest.newBuilder()
        .setProcess(ProcessConfig.newBuilder().setCmd("/bin/bash").addArgs("-c").addArgs(script))
        .setStdin(false)
        .build();
  }

  static ProcessSelector pid(int pid) {
    return ProcessSelector.newBuilder().setPid(pid).build();
  }

  static ProcessSelector tag(String tag) {
    return ProcessSelector.newBuilder().setTag(tag).build();
  }

  private ProcessEventsCollector run(StartRequest request) {
    return ProcessEventsCollector.drain(process.start(request), StartResponse::getEvent);
  }

  static void assertStatus(Runnable call, Status.Code code, String messagePart) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).contains(messagePart);
    });
  }

  @Test
  void start_streamsStartThenDataThenEnd() {
    ProcessEventsCollector c = run(bash("echo out; echo err >&2; exit 3"));

    assertThat(c.kinds().get(0)).isEqualTo("start");
    assertThat(c.kinds().get(c.kinds().size() - 1)).isEqualTo("end");
    assertThat(c.kinds().subList(1, c.kinds().size() - 1)).containsOnly("data");
    assertThat(c.pid()).isPositive();
    assertThat(c.stdout()).isEqualTo("out\n");
    assertThat(c.stderr()).isEqualTo("err\n");
    assertThat(c.end().getExitCode()).isEqualTo(3);
    assertThat(c.end().getExited()).isTrue();
    assertThat(c.end().getStatus()).isEqualTo("exit status 3");
  }

  @Test
  void start_appliesEnvAndCwd(@TempDir Path dir) {
    StartRequest request = StartRequest.newBuilder()
        .setProcess(ProcessConfig.newBuilder().setCmd("/bin/sh").addArgs("-c").addArgs("echo $GREETING; pwd")
            .putEnvs("GREETING", "hello").setCwd(dir.toString()))
        .build();

    assertThat(run(request).stdout()).isEqualTo("hello\n" + dir + "\n");
  }

  @Test
  void start_resolvesCommandOnPathAndSetsUserEnvironment() {
    ProcessEventsCollector c = run(StartRequest.newBuilder()
        .setProcess(ProcessConfig.newBuilder().setCmd("sh").addArgs("-c").addArgs("echo $HOME:$USER"))
        .build());

    String user = agent.server().defaultUser().name();
    assertThat(c.stdout()).isEqualTo(agent.server().defaultUser().home() + ":" + user + "\n");
  }

  @Test
  void start_runsEachProcessInItsOwnProcessGroup() {
    ProcessEventsCollector c = run(bash("ps -o pgid= -p $$"));

    assertThat(c.stdout().trim()).isEqualTo(String.valueOf(c.pid()));
  }

  @Test
  void start_missingCwd_isInvalidArgument() {
    StartRequest request = StartRequest.newBuilder()
        .setProcess(ProcessConfig.newBuilder().setCmd("/bin/true").setCwd("/no/such/dir")).build();

    assertStatus(() -> run(request), Status.Code.INVALID_ARGUMENT, "cwd /no/such/dir does not exist");
  }

  @Test
  void start_missingExecutable_isInvalidArgument() {
    StartRequest byPath = StartRequest.newBuilder().setProcess(ProcessConfig.newBuilder().setCmd("/no/such/program")).build();
    StartRequest byName = StartRequest.newBuilder().setProcess(ProcessConfig.newBuilder().setCmd("no-such-program")).build();

    assertStatus(() -> run(byPath), Status.Code.INVALID_ARGUMENT, "does not exist");
    assertStatus(() -> run(byName), Status.Code.INVALID_ARGUMENT, "not found in PATH");
  }

  @Test
  void start_badRequests_areInvalidArgument() {
    assertStatus(() -> run(StartRequest.getDefaultInstance()), Status.Code.INVALID_ARGUMENT, "process is missing");
    assertStatus(() -> run(StartRequest.newBuilder().setProcess(ProcessConfig.getDefaultInstance()).build()),
        Status.Code.INVALID_ARGUMENT, "cmd is empty");
    assertStatus(() -> run(bash("true").toBuilder().setPty(PTY.newBuilder().setSize(PTY.Size.newBuilder().setCols(0).setRows(24))).build()),
        Status.Code.INVALID_ARGUMENT, "out of range");
    assertStatus(() -> run(bash("true").toBuilder().setTag("").build()), Status.Code.INVALID_ARGUMENT, "tag is empty");
  }

  @Test
  void start_missingExecutableInsideShell_endsWithNonZeroCode() {
    ProcessEventsCollector c = run(bash("no-such-program-anywhere"));

    assertThat(c.end().getExitCode()).isEqualTo(127);
    assertThat(c.stderr()).contains("not found");
  }

  @Test
  void sendInput_writesToStdin_andCloseStdinEndsIt() {
    Iterator<StartResponse> stream = process.start(bash("cat").toBuilder().setStdin(true).build());
    int pid = stream.next().getEvent().getStart().getPid();

    process.sendInput(SendInputRequest.newBuilder().setProcess(pid(pid))
        .setInput(ProcessInput.newBuilder().setStdin(ByteString.copyFromUtf8("hello\n"))).build());
    process.closeStdin(CloseStdinRequest.newBuilder().setProcess(pid(pid)).build());

    ProcessEventsCollector c = ProcessEventsCollector.drain(stream, StartResponse::getEvent);
    assertThat(c.stdout()).isEqualTo("hello\n");
    assertThat(c.end().getExitCode()).isZero();
  }

  @Test
  void sendInput_badTargets() {
    Iterator<StartResponse> stream = process.start(bash("sleep 30"));
    int pid = stream.next().getEvent().getStart().getPid();

    assertStatus(() -> process.sendInput(SendInputRequest.newBuilder().setProcess(pid(pid))
        .setInput(ProcessInput.newBuilder().setStdin(ByteString.copyFromUtf8("x"))).build()),
        Status.Code.FAILED_PRECONDITION, "stdin disabled");
    assertStatus(() -> process.sendInput(SendInputRequest.newBuilder().setProcess(pid(pid))
        .setInput(ProcessInput.newBuilder().setPty(ByteString.copyFromUtf8("x"))).build()),
        Status.Code.FAILED_PRECONDITION, "has no PTY");
    assertStatus(() -> process.sendInput(SendInputRequest.newBuilder().setProcess(pid(pid)).build()),
        Status.Code.INVALID_ARGUMENT, "input is empty");
    assertStatus(() -> process.sendInput(SendInputRequest.newBuilder().setProcess(pid(999_999)).build()),
        Status.Code.NOT_FOUND, "no process with pid 999999");
    assertStatus(() -> process.sendInput(SendInputRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT, "selector is empty");
    assertStatus(() -> process.closeStdin(CloseStdinRequest.newBuilder().setProcess(tag("nope")).build()),
        Status.Code.NOT_FOUND, "no process with tag nope");
    process.sendSignal(SendSignalRequest.newBuilder().setProcess(pid(pid)).setSignal(Signal.SIGNAL_SIGKILL).build());
  }

  @Test
  void streamInput_writesEventsInOrder() throws Exception {
    Iterator<StartResponse> stream = process.start(bash("cat").toBuilder().setStdin(true).build());
    int pid = stream.next().getEvent().getStart().getPid();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<StreamInputRequest> input = ProcessGrpc.newStub(agent.channel()).streamInput(completion(done));

    input.onNext(StreamInputRequest.newBuilder().setStart(StreamInputRequest.StartEvent.newBuilder().setProcess(pid(pid))).build());
    for (int i = 0; i < 5; i++) {
      input.onNext(StreamInputRequest.newBuilder().setData(StreamInputRequest.DataEvent.newBuilder()
          .setInput(ProcessInput.newBuilder().setStdin(ByteString.copyFromUtf8(i + "\n")))).build());
    }
    input.onCompleted();
    done.get(10, TimeUnit.SECONDS);
    process.closeStdin(CloseStdinRequest.newBuilder().setProcess(pid(pid)).build());

    assertThat(ProcessEventsCollector.drain(stream, StartResponse::getEvent).stdout()).isEqualTo("0\n1\n2\n3\n4\n");
  }

  @Test
  void streamInput_dataBeforeStart_isInvalidArgument() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<StreamInputRequest> input = ProcessGrpc.newStub(agent.channel()).streamInput(completion(done));

    input.onNext(StreamInputRequest.newBuilder().setData(StreamInputRequest.DataEvent.getDefaultInstance()).build());
    input.onCompleted();

    assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("INVALID_ARGUMENT").hasMessageContaining("first event must be start");
  }

  @Test
  void tags_selectProcesses_andMustBeUniqueWhileRunning() {
    Iterator<StartResponse> stream = process.start(bash("cat").toBuilder().setStdin(true).setTag("server").build());
    stream.next();

    assertStatus(() -> run(bash("true").toBuilder().setTag("server").build()), Status.Code.ALREADY_EXISTS, "tag server");
    assertThat(process.list(ListRequest.getDefaultInstance()).getProcessesList())
        .anySatisfy(p -> assertThat(p.getTag()).isEqualTo("server"));

    process.sendInput(SendInputRequest.newBuilder().setProcess(tag("server"))
        .setInput(ProcessInput.newBuilder().setStdin(ByteString.copyFromUtf8("tagged\n"))).build());
    process.closeStdin(CloseStdinRequest.newBuilder().setProcess(tag("server")).build());

    assertThat(ProcessEventsCollector.drain(stream, StartResponse::getEvent).stdout()).isEqualTo("tagged\n");
  }

  @Test
  void list_showsRunningProcessesWithTheirConfig(@TempDir Path dir) {
    Iterator<StartResponse> stream = process.start(StartRequest.newBuilder()
        .setProcess(ProcessConfig.newBuilder().setCmd("sleep").addArgs("30").putEnvs("A", "1").setCwd(dir.toString()))
        .setTag("sleeper").build());
    int pid = stream.next().getEvent().getStart().getPid();

    assertThat(process.list(ListRequest.getDefaultInstance()).getProcessesList()).anySatisfy(p -> {
      assertThat(p.getPid()).isEqualTo(pid);
      assertThat(p.getTag()).isEqualTo("sleeper");
      assertThat(p.getConfig().getCmd()).isEqualTo("sleep");
      assertThat(p.getConfig().getArgsList()).containsExactly("30");
      assertThat(p.getConfig().getEnvsMap()).containsEntry("A", "1");
      assertThat(p.getConfig().getCwd()).isEqualTo(dir.toString());
    });

    process.sendSignal(SendSignalRequest.newBuilder().setProcess(pid(pid)).setSignal(Signal.SIGNAL_SIGKILL).build());
    ProcessEventsCollector.drain(stream, StartResponse::getEvent);
    assertThat(process.list(ListRequest.getDefaultInstance()).getProcessesList()).noneMatch(p -> p.getPid() == pid);
  }

  @Test
  void sendSignal_terminatesAndReportsTheSignal() {
    Iterator<StartResponse> stream = process.start(bash("exec sleep 30"));
    int pid = stream.next().getEvent().getStart().getPid();

    process.sendSignal(SendSignalRequest.newBuilder().setProcess(pid(pid)).setSignal(Signal.SIGNAL_SIGTERM).build());

    ProcessEvent.EndEvent end = ProcessEventsCollector.drain(stream, StartResponse::getEvent).end();
    assertThat(end.getExited()).isFalse();
    assertThat(end.getExitCode()).isEqualTo(-1);
    assertThat(end.getStatus()).isEqualTo("signal: terminated");
  }

  @Test
  void sendSignal_unspecified_isUnimplemented() {
    Iterator<StartResponse> stream = process.start(bash("sleep 30").toBuilder().setTag("s").build());
    stream.next();

    assertStatus(() -> process.sendSignal(SendSignalRequest.newBuilder().setProcess(tag("s")).build()),
        Status.Code.UNIMPLEMENTED, "ProcessControl/Signal");
    process.sendSignal(SendSignalRequest.newBuilder().setProcess(tag("s")).setSignal(Signal.SIGNAL_SIGKILL).build());
  }

  @Test
  void connect_attachesToRunningProcess_andSeesLaterOutput() {
    Iterator<StartResponse> started = process.start(bash("read line; echo got $line").toBuilder().setStdin(true).setTag("reader").build());
    int pid = started.next().getEvent().getStart().getPid();

    Iterator<ConnectResponse> connected = process.connect(ConnectRequest.newBuilder().setProcess(tag("reader")).build());
    assertThat(connected.next().getEvent().getStart().getPid()).isEqualTo(pid);
    process.sendInput(SendInputRequest.newBuilder().setProcess(pid(pid))
        .setInput(ProcessInput.newBuilder().setStdin(ByteString.copyFromUtf8("x\n"))).build());

    ProcessEventsCollector viaConnect = ProcessEventsCollector.drain(connected, ConnectResponse::getEvent);
    assertThat(viaConnect.stdout()).isEqualTo("got x\n");
    assertThat(viaConnect.end().getExitCode()).isZero();
    assertThat(ProcessEventsCollector.drain(started, StartResponse::getEvent).stdout()).isEqualTo("got x\n");
  }

  @Test
  void connect_afterExit_stillReportsTheEnd() {
    ProcessEventsCollector first = run(bash("exit 4").toBuilder().setTag("done").build());

    ProcessEventsCollector late = ProcessEventsCollector.drain(
        process.connect(ConnectRequest.newBuilder().setProcess(pid(first.pid())).build()), ConnectResponse::getEvent);

    assertThat(late.kinds()).containsExactly("start", "end");
    assertThat(late.end().getExitCode()).isEqualTo(4);
  }

  @Test
  void connect_unknownProcess_isNotFound() {
    assertStatus(() -> process.connect(ConnectRequest.newBuilder().setProcess(pid(999_999)).build()).next(),
        Status.Code.NOT_FOUND, "pid 999999");
    assertStatus(() -> process.connect(ConnectRequest.getDefaultInstance()).next(),
        Status.Code.INVALID_ARGUMENT, "selector is empty");
  }

  @Test
  void clientDisconnect_doesNotKillTheProcess() throws Exception {
    Context.CancellableContext call = Context.current().withCancellation();
    int pid = call.call(() -> process.start(bash("sleep 1; echo survived").toBuilder().setTag("survivor").build())
        .next().getEvent().getStart().getPid());
    call.cancel(null);

    ProcessEventsCollector c = ProcessEventsCollector.drain(
        process.connect(ConnectRequest.newBuilder().setProcess(tag("survivor")).build()), ConnectResponse::getEvent);
    assertThat(c.pid()).isEqualTo(pid);
    assertThat(c.stdout()).isEqualTo("survived\n");
    assertThat(c.end().getExitCode()).isZero();
  }

  @Test
  void deadline_isTheProcessLifetime() {
    Iterator<StartResponse> stream = process.withDeadlineAfter(700, TimeUnit.MILLISECONDS)
        .start(bash("exec sleep 30").toBuilder().setTag("bounded").build());
    int pid = stream.next().getEvent().getStart().getPid();

    ProcessEventsCollector after = ProcessEventsCollector.drain(
        process.connect(ConnectRequest.newBuilder().setProcess(pid(pid)).build()), ConnectResponse::getEvent);
    assertThat(after.end().getStatus()).isEqualTo("signal: killed");
    assertThat(after.end().getError()).contains("deadline");
  }

  @Test
  void deadline_killsThePidButNotItsBackgroundChildren() throws Exception {
    Path pidFile = Files.createTempFile("daemon-", ".pid");
    Iterator<StartResponse> stream = process.withDeadlineAfter(700, TimeUnit.MILLISECONDS)
        .start(bash("sleep 60 </dev/null >/dev/null 2>&1 & echo $! > " + pidFile + "; sleep 30"));
    int pid = stream.next().getEvent().getStart().getPid();
    ProcessEventsCollector c = ProcessEventsCollector.drain(
        process.connect(ConnectRequest.newBuilder().setProcess(pid(pid)).build()), ConnectResponse::getEvent);
    assertThat(c.end().getStatus()).isEqualTo("signal: killed");

    long daemon = Long.parseLong(Files.readString(pidFile).trim());
    try {
      assertThat(ProcessHandle.of(daemon).map(ProcessHandle::isAlive)).hasValue(true);
    } finally {
      ProcessHandle.of(daemon).ifPresent(ProcessHandle::destroyForcibly);
      Files.deleteIfExists(pidFile);
    }
  }

  @Test
  void keepalive_isSentOnIdleStreams() {
    Iterator<StartResponse> stream = TestAgent.withHeader(process, "keepalive-ping-interval", "0.2")
        .start(bash("sleep 1"));

    ProcessEventsCollector c = ProcessEventsCollector.drain(stream, StartResponse::getEvent);
    assertThat(c.events).anyMatch(ProcessEvent::hasKeepalive);
    assertThat(c.kinds()).containsExactly("start", "end");
  }

  @Test
  void pty_runsOnATerminal_andResizeIsSeen() {
    Iterator<StartResponse> stream = process.start(StartRequest.newBuilder()
        .setProcess(ProcessConfig.newBuilder().setCmd("/bin/bash").addArgs("--norc").addArgs("-i").putEnvs("PS1", "$ "))
        .setPty(PTY.newBuilder().setSize(PTY.Size.newBuilder().setCols(80).setRows(24)))
        .setTag("term").build());
    int pid = stream.next().getEvent().getStart().getPid();
    ProcessEventsCollector c = new ProcessEventsCollector();

    sendPty("stty size\n");
    readUntil(stream, c, "24 80");
    process.update(UpdateRequest.newBuilder().setProcess(pid(pid))
        .setPty(PTY.newBuilder().setSize(PTY.Size.newBuilder().setCols(132).setRows(50))).build());
    sendPty("stty size; tty\n");
    readUntil(stream, c, "50 132");
    sendPty("exit 5\n");
    while (stream.hasNext()) {
      c.add(stream.next().getEvent());
    }

    assertThat(c.pty()).contains("/dev/pts/");
    assertThat(c.end().getExitCode()).isEqualTo(5);
    assertThat(c.stdout()).isEmpty();
  }

  @Test
  void pty_badRequests() {
    Iterator<StartResponse> stream = process.start(bash("sleep 30").toBuilder().setTag("plain").build());
    stream.next();

    assertStatus(() -> process.update(UpdateRequest.newBuilder().setProcess(tag("plain"))
        .setPty(PTY.newBuilder().setSize(PTY.Size.newBuilder().setCols(10).setRows(10))).build()),
        Status.Code.FAILED_PRECONDITION, "no PTY");
    assertStatus(() -> process.update(UpdateRequest.newBuilder().setProcess(tag("plain")).build()),
        Status.Code.INVALID_ARGUMENT, "pty.size is missing");
    assertStatus(() -> process.update(UpdateRequest.newBuilder().setProcess(tag("none"))
        .setPty(PTY.newBuilder().setSize(PTY.Size.newBuilder().setCols(10).setRows(10))).build()),
        Status.Code.NOT_FOUND, "tag none");
    process.sendSignal(SendSignalRequest.newBuilder().setProcess(tag("plain")).setSignal(Signal.SIGNAL_SIGKILL).build());
  }

  @Test
  void pty_severalClientsSeeTheSameOutput_andThePtyOutlivesThem() throws Exception {
    Context.CancellableContext first = Context.current().withCancellation();
    Iterator<StartResponse> owner = first.call(() -> process.start(StartRequest.newBuilder()
        .setProcess(ProcessConfig.newBuilder().setCmd("/bin/bash").addArgs("--norc").addArgs("-i").putEnvs("PS1", "$ "))
        .setPty(PTY.newBuilder().setSize(PTY.Size.newBuilder().setCols(80).setRows(24)))
        .setTag("shared").build()));
    owner.next();
    first.cancel(null);

    Iterator<ConnectResponse> a = process.connect(ConnectRequest.newBuilder().setProcess(tag("shared")).build());
    Iterator<ConnectResponse> b = process.connect(ConnectRequest.newBuilder().setProcess(tag("shared")).build());
    a.next();
    b.next();
    sendPty("echo hello-$((6*7))\n");
    ProcessEventsCollector ca = new ProcessEventsCollector();
    ProcessEventsCollector cb = new ProcessEventsCollector();
    readUntil(a, ca, "hello-42", ConnectResponse::getEvent);
    readUntil(b, cb, "hello-42", ConnectResponse::getEvent);
    sendPty("exit\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> process.list(ListRequest.getDefaultInstance()).getProcessesCount() == 0);
  }

  private void sendPty(String text) {
    process.sendInput(SendInputRequest.newBuilder().setProcess(tag(currentPtyTag()))
        .setInput(ProcessInput.newBuilder().setPty(ByteString.copyFromUtf8(text))).build());
  }

  private String currentPtyTag() {
    return process.list(ListRequest.getDefaultInstance()).getProcessesList().stream()
        .filter(p -> p.getTag().equals("term") || p.getTag().equals("shared"))
        .findFirst().orElseThrow().getTag();
  }

  static void readUntil(Iterator<StartResponse> stream, ProcessEventsCollector c, String text) {
    readUntil(stream, c, text, StartResponse::getEvent);
  }

  static <T> void readUntil(Iterator<T> stream, ProcessEventsCollector c, String text,
                            java.util.function.Function<T, ProcessEvent> event) {
    while (!c.pty().contains(text) && !c.stdout().contains(text)) {
      if (!stream.hasNext()) {
        throw new AssertionError("stream ended before '" + text + "'; saw: " + c.pty() + c.stdout());
      }
      c.add(event.apply(stream.next()));
    }
  }

  static StreamObserver<StreamInputResponse> completion(CompletableFuture<Void> done) {
    return new StreamObserver<>() {
      @Override public void onNext(StreamInputResponse value) { }
      @Override public void onError(Throwable t) { done.completeExceptionally(t); }
      @Override public void onCompleted() { done.complete(null); }
    };
  }

  static List<String> lines(String text) {
    return List.of(text.split("\\R"));
  }

  static boolean exists(Path p) {
    return Files.exists(p);
  }
}
