package dev.soulbox.it.agent;

import static dev.soulbox.it.agent.Events.bash;
import static dev.soulbox.it.agent.Events.pid;
import static dev.soulbox.it.agent.Events.tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.soulbox.proto.agent.v1.AttachRequest;
import dev.soulbox.proto.agent.v1.AttachResponse;
import dev.soulbox.proto.agent.v1.ProcessControlGrpc;
import dev.soulbox.proto.agent.v1.SignalRequest;
import dev.soulbox.proto.process.CloseStdinRequest;
import dev.soulbox.proto.process.ConnectRequest;
import dev.soulbox.proto.process.ConnectResponse;
import dev.soulbox.proto.process.PTY;
import dev.soulbox.proto.process.ProcessConfig;
import dev.soulbox.proto.process.ProcessGrpc;
import dev.soulbox.proto.process.ProcessInput;
import dev.soulbox.proto.process.SendInputRequest;
import dev.soulbox.proto.process.SendSignalRequest;
import dev.soulbox.proto.process.Signal;
import dev.soulbox.proto.process.StartRequest;
import dev.soulbox.proto.process.StartResponse;
import dev.soulbox.proto.process.UpdateRequest;
import io.grpc.Context;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The agent jar as a real process, driven over TCP. */
class ProcessIT {
  private static AgentProcess agent;
  private static ProcessGrpc.ProcessBlockingStub process;
  private static ProcessControlGrpc.ProcessControlBlockingStub control;

  @BeforeAll
  static void startAgent() {
    agent = AgentProcess.start();
    process = agent.authorized(ProcessGrpc.newBlockingStub(agent.rawChannel()));
    control = agent.authorized(ProcessControlGrpc.newBlockingStub(agent.rawChannel()));
  }

  @AfterAll
  static void stopAgent() {
    agent.close();
  }

  @Test
  void streamsLargeOutputIntact() throws Exception {
    Events.Collected c = Events.drain(process.start(bash("f=$(mktemp); head -c 20000000 /dev/urandom > $f; sha256sum $f >&2; cat $f; rm $f")),
        StartResponse::getEvent);

    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.stdout.toByteArray()));
    assertThat(c.stdout.size()).as("stderr %s, end %s", c.stderr, c.end).isEqualTo(20_000_000);
    assertThat(c.stderr.toString()).startsWith(sha);
    assertThat(c.end.getExitCode()).isZero();
  }

  @Test
  void stdinIsWrittenInOrder_andClosing_endsTheProcess() {
    Iterator<StartResponse> stream = process.start(bash("sort").toBuilder().setStdin(true).build());
    int pid = stream.next().getEvent().getStart().getPid();
    for (String word : new String[] {"pear\n", "apple\n", "fig\n"}) {
      process.sendInput(SendInputRequest.newBuilder().setProcess(pid(pid))
          .setInput(ProcessInput.newBuilder().setStdin(ByteString.copyFromUtf8(word))).build());
    }
    process.closeStdin(CloseStdinRequest.newBuilder().setProcess(pid(pid)).build());

    assertThat(Events.drain(stream, StartResponse::getEvent).stdout()).isEqualTo("apple\nfig\npear\n");
  }

  @Test
  void signals_killAndTerminate() {
    Iterator<StartResponse> stream = process.start(bash("exec sleep 60").toBuilder().setTag("it-sleeper").build());
    stream.next();

    process.sendSignal(SendSignalRequest.newBuilder().setProcess(tag("it-sleeper")).setSignal(Signal.SIGNAL_SIGKILL).build());

    Events.Collected c = Events.drain(stream, StartResponse::getEvent);
    assertThat(c.end.getStatus()).isEqualTo("signal: killed");
    assertThat(c.end.getExited()).isFalse();
  }

  @Test
  void tagsFindProcesses() {
    Iterator<StartResponse> stream = process.start(bash("read x; echo tag-$x").toBuilder().setStdin(true).setTag("it-tagged").build());
    int pid = stream.next().getEvent().getStart().getPid();

    Iterator<ConnectResponse> viaTag = process.connect(ConnectRequest.newBuilder().setProcess(tag("it-tagged")).build());
    assertThat(viaTag.next().getEvent().getStart().getPid()).isEqualTo(pid);
    process.sendInput(SendInputRequest.newBuilder().setProcess(tag("it-tagged"))
        .setInput(ProcessInput.newBuilder().setStdin(ByteString.copyFromUtf8("ok\n"))).build());

    assertThat(Events.drain(viaTag, ConnectResponse::getEvent).stdout()).isEqualTo("tag-ok\n");
    assertThat(Events.drain(stream, StartResponse::getEvent).stdout()).isEqualTo("tag-ok\n");
  }

  @Test
  void ptyResize_isSeenByStty_andSeveralClientsShareThePty() {
    Iterator<StartResponse> owner = process.start(StartRequest.newBuilder()
        .setProcess(ProcessConfig.newBuilder().setCmd("/bin/bash").addArgs("--norc").addArgs("-i").putEnvs("PS1", "$ "))
        .setPty(PTY.newBuilder().setSize(PTY.Size.newBuilder().setCols(100).setRows(30)))
        .setTag("it-pty").build());
    int pid = owner.next().getEvent().getStart().getPid();
    Iterator<ConnectResponse> second = process.connect(ConnectRequest.newBuilder().setProcess(pid(pid)).build());
    second.next();
    Events.Collected a = new Events.Collected();
    Events.Collected b = new Events.Collected();

    type("stty size\n");
    Events.readUntil(owner, a, StartResponse::getEvent, "30 100");
    process.update(UpdateRequest.newBuilder().setProcess(pid(pid))
        .setPty(PTY.newBuilder().setSize(PTY.Size.newBuilder().setCols(120).setRows(40))).build());
    type("stty size\n");
    Events.readUntil(owner, a, StartResponse::getEvent, "40 120");
    Events.readUntil(second, b, ConnectResponse::getEvent, "40 120");
    type("exit 3\n");

    assertThat(Events.drain(owner, StartResponse::getEvent).end.getExitCode()).isEqualTo(3);
    assertThat(Events.drain(second, ConnectResponse::getEvent).end.getExitCode()).isEqualTo(3);
  }

  private static void type(String text) {
    process.sendInput(SendInputRequest.newBuilder().setProcess(tag("it-pty"))
        .setInput(ProcessInput.newBuilder().setPty(ByteString.copyFromUtf8(text))).build());
  }

  @Test
  void reconnect_replaysMissedOutputFromTheOffset() throws Exception {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    Context.CancellableContext first = Context.current().withCancellation();
    int pid = first.call(() -> {
      Iterator<StartResponse> stream = process.start(bash("for i in $(seq 1 3000); do echo \"row $i\"; done; sleep 0.2; echo last"));
      int p = stream.next().getEvent().getStart().getPid();
      while (seen.size() < 5000) {
        seen.writeBytes(stream.next().getEvent().getData().getStdout().toByteArray());
      }
      return p;
    });
    first.cancel(null);

    Iterator<AttachResponse> resumed = control.attach(AttachRequest.newBuilder().setProcess(pid(pid)).setOffset(seen.size()).build());
    Events.Collected rest = Events.drain(resumed, AttachResponse::getEvent);

    StringBuilder expected = new StringBuilder();
    for (int i = 1; i <= 3000; i++) {
      expected.append("row ").append(i).append('\n');
    }
    expected.append("last\n");
    assertThat(seen + rest.stdout()).isEqualTo(expected.toString());
  }

  @Test
  void stoppingTheAgent_endsEveryProcessItStarted() throws Exception {
    try (AgentProcess doomed = AgentProcess.start()) {
      ProcessGrpc.ProcessBlockingStub p = doomed.authorized(ProcessGrpc.newBlockingStub(doomed.rawChannel()));
      String marker = "soulbox-it-" + System.nanoTime();
      Iterator<StartResponse> stream = p.start(bash("exec -a " + marker + " sleep 300"));
      stream.next();
      Iterator<StartResponse> background = p.start(bash("(exec -a " + marker + " sleep 300) & echo started"));
      Events.readUntil(background, new Events.Collected(), StartResponse::getEvent, "started");
      await().atMost(Duration.ofSeconds(5)).until(() -> countProcesses(marker) == 2);

      doomed.process().destroy();
      doomed.process().waitFor();

      await().atMost(Duration.ofSeconds(10)).until(() -> countProcesses(marker) == 0);
    }
  }

  @Test
  void killingTheAgent_hard_leavesItsGroupsToTheNextAgentOnItsLedger() throws Exception {
    java.nio.file.Path ledger = java.nio.file.Files.createTempDirectory("soulbox-it-ledger").resolve("process-groups");
    String marker = "soulbox-it-hard-" + System.nanoTime();
    try {
      try (AgentProcess doomed = AgentProcess.start("--process-ledger", ledger.toString())) {
        ProcessGrpc.ProcessBlockingStub p = doomed.authorized(ProcessGrpc.newBlockingStub(doomed.rawChannel()));
        p.start(bash("exec -a " + marker + " sleep 300")).next();
        Iterator<StartResponse> background = p.start(bash("(exec -a " + marker + " sleep 300) & echo started"));
        Events.readUntil(background, new Events.Collected(), StartResponse::getEvent, "started");
        await().atMost(Duration.ofSeconds(5)).until(() -> countProcesses(marker) == 2);

        doomed.process().destroyForcibly();
        doomed.process().waitFor();
      }
      // nothing ends them while no agent runs: there is no parent-death signal on pipes
      assertThat(countProcesses(marker)).isEqualTo(2);

      try (AgentProcess next = AgentProcess.start("--process-ledger", ledger.toString())) {
        await().atMost(Duration.ofSeconds(10)).until(() -> countProcesses(marker) == 0);
      }
    } finally {
      killProcesses(marker);
      java.nio.file.Files.deleteIfExists(ledger);
      java.nio.file.Files.deleteIfExists(ledger.getParent());
    }
  }

  @Test
  void processesInheritOnlyStdio_notTheAgentsSockets() {
    Events.Collected c = Events.drain(process.start(StartRequest.newBuilder()
        .setProcess(ProcessConfig.newBuilder().setCmd("ls").addArgs("/proc/self/fd")).setStdin(false).build()),
        StartResponse::getEvent);

    // 3 is the directory ls itself opened to list
    assertThat(c.stdout()).isEqualTo("0\n1\n2\n3\n");
  }

  @Test
  void anySignal_toTheGroup() {
    Iterator<StartResponse> stream = process.start(bash("sleep 60 & wait").toBuilder().setTag("it-group").build());
    stream.next();

    control.signal(SignalRequest.newBuilder().setProcess(tag("it-group")).setSignal("SIGHUP").setProcessGroup(true).build());

    assertThat(Events.drain(stream, StartResponse::getEvent).end.getStatus()).isEqualTo("signal: hangup");
  }

  /** Live (not zombie) processes whose command line contains {@code marker}. */
  static long countProcesses(String marker) throws java.io.IOException {
    return processes(marker).size();
  }

  /** Kills, by pid, what a failed test left running. */
  static void killProcesses(String marker) throws java.io.IOException {
    processes(marker).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  private static java.util.List<Long> processes(String marker) throws java.io.IOException {
    try (var dirs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
      return dirs.filter(d -> d.getFileName().toString().matches("\\d+"))
          .filter(d -> read(d.resolve("cmdline")).replace('\0', ' ').contains(marker))
          .filter(d -> {
            String stat = read(d.resolve("stat"));
            return !stat.isEmpty() && stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
          })
          .map(d -> Long.parseLong(d.getFileName().toString()))
          .toList();
    }
  }

  private static String read(java.nio.file.Path p) {
    try {
      return new String(java.nio.file.Files.readAllBytes(p), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
