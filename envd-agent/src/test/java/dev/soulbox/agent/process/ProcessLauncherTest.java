package dev.soulbox.agent.process;

import static dev.soulbox.agent.process.ProcessServiceTest.bash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.soulbox.agent.os.Posix;
import dev.soulbox.agent.server.AgentConfig;
import dev.soulbox.agent.server.TestAgent;
import dev.soulbox.proto.process.PTY;
import dev.soulbox.proto.process.ProcessConfig;
import dev.soulbox.proto.process.ProcessEvent;
import dev.soulbox.proto.process.ProcessGrpc;
import dev.soulbox.proto.process.SendSignalRequest;
import dev.soulbox.proto.process.Signal;
import dev.soulbox.proto.process.StartRequest;
import dev.soulbox.proto.process.StartResponse;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the launcher starts processes, seen through Start: ids, descriptors, and how they end. */
class ProcessLauncherTest {
  private TestAgent agent;
  private ProcessGrpc.ProcessBlockingStub process;

  @BeforeEach
  void setUp() {
    agent = TestAgent.start(AgentConfig.defaults());
    process = ProcessGrpc.newBlockingStub(agent.channel());
  }

  @AfterEach
  void tearDown() {
    agent.close();
  }

  private ProcessEventsCollector run(StartRequest request) {
    return ProcessEventsCollector.drain(process.start(request), StartResponse::getEvent);
  }

  private static StartRequest command(String cmd, String... args) {
    return StartRequest.newBuilder()
        .setProcess(ProcessConfig.newBuilder().setCmd(cmd).addAllArgs(List.of(args)).setCwd("/tmp"))
        .setStdin(false).build();
  }

  @Test
  void aSignalTheAgentDidNotSend_isReportedAsASignal() {
    ProcessEvent.EndEvent end = run(bash("kill -USR1 $$")).end();

    assertThat(end.getExited()).isFalse();
    assertThat(end.getExitCode()).isEqualTo(-1);
    assertThat(end.getStatus()).isEqualTo("signal: user defined signal 1");
  }

  @Test
  void exitCodesAbove128_areExits() {
    ProcessEvent.EndEvent end = run(bash("exit 137")).end();

    assertThat(end.getExited()).isTrue();
    assertThat(end.getExitCode()).isEqualTo(137);
    assertThat(end.getStatus()).isEqualTo("exit status 137");
  }

  @Test
  void anotherUser_getsItsIdsAndGroups_andNoCapabilities() {
    assumeTrue(Posix.uid() == 0, "switching users needs root");

    ProcessEventsCollector asNobody = ProcessEventsCollector.drain(
        TestAgent.asUser(process, "nobody").start(command("cat", "/proc/self/status")), StartResponse::getEvent);

    assertThat(asNobody.stdout()).contains("Uid:\t65534\t65534\t65534\t65534", "Gid:\t65534\t65534\t65534\t65534",
        "Groups:\t65534", "CapPrm:\t0000000000000000", "CapEff:\t0000000000000000");
  }

  @Test
  void aPtyAsAnotherUser_runsAsThatUser() {
    assumeTrue(Posix.uid() == 0, "switching users needs root");
    StartRequest pty = command("/bin/sh", "-c", "echo ids=$(id -u):$(id -g)").toBuilder()
        .setPty(PTY.newBuilder().setSize(PTY.Size.newBuilder().setCols(80).setRows(24))).build();

    ProcessEventsCollector c = ProcessEventsCollector.drain(
        TestAgent.asUser(process, "nobody").start(pty), StartResponse::getEvent);

    assertThat(c.pty()).contains("ids=65534:65534");
  }

  @Test
  void disabledStdin_isDevNull_andOnlyStdioIsInherited() {
    assertThat(run(command("readlink", "/proc/self/fd/0")).stdout()).isEqualTo("/dev/null\n");
    // 3 is the directory ls itself opened to list
    assertThat(run(command("ls", "/proc/self/fd")).stdout()).isEqualTo("0\n1\n2\n3\n");
  }

  @Test
  void aPty_stillReportsTheAgentsOwnSignals() {
    StartRequest pty = command("/bin/sleep", "30").toBuilder()
        .setPty(PTY.newBuilder().setSize(PTY.Size.newBuilder().setCols(80).setRows(24))).setTag("pty-sleeper").build();
    Iterator<StartResponse> stream = process.start(pty);
    stream.next();

    process.sendSignal(SendSignalRequest.newBuilder()
        .setProcess(ProcessServiceTest.tag("pty-sleeper")).setSignal(Signal.SIGNAL_SIGTERM).build());

    assertThat(ProcessEventsCollector.drain(stream, StartResponse::getEvent).end().getStatus()).isEqualTo("signal: terminated");
  }
}
