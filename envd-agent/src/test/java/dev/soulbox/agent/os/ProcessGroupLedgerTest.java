package dev.soulbox.agent.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessGroupLedgerTest {
  @TempDir
  Path dir;
  private final List<NativeProcess> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(p -> Posix.killGroup(p.pid(), 9));
  }

  private NativeProcess start(String script) throws Exception {
    NativeProcess p = PosixSpawn.start(new SpawnSpec(Path.of("/bin/sh"), List.of("sh", "-c", script),
        Map.of("PATH", "/usr/bin:/bin"), dir, null, false));
    started.add(p);
    return p;
  }

  /** What an agent killed with SIGKILL leaves: the ledger file, unlocked and not deleted. */
  private Path leftBehind(Path ledgerFile) throws Exception {
    return Files.copy(ledgerFile, dir.resolve("left-behind-" + System.nanoTime()));
  }

  @Test
  void theNextAgent_killsTheGroupsAKilledAgentLeft() throws Exception {
    try (ProcessGroupLedger first = ProcessGroupLedger.open(dir.resolve("ledger"))) {
      NativeProcess leader = start("exec sleep 300");
      first.record(leader.pid());
      NativeProcess orphaning = start("sleep 300 & echo started");
      first.record(orphaning.pid());
      new BufferedReader(new InputStreamReader(orphaning.stdout(), StandardCharsets.UTF_8)).readLine();
      orphaning.onExit().get(10, TimeUnit.SECONDS);
      assertThat(membersOf(orphaning.pid())).isEqualTo(1);

      try (ProcessGroupLedger next = ProcessGroupLedger.open(leftBehind(dir.resolve("ledger")))) {
        assertThat(leader.onExit().get(10, TimeUnit.SECONDS).signal()).isEqualTo(9);
        await().atMost(Duration.ofSeconds(10)).until(() -> membersOf(orphaning.pid()) == 0);
      }
    }
  }

  @Test
  void forgottenGroups_areLeftAlone() throws Exception {
    try (ProcessGroupLedger first = ProcessGroupLedger.open(dir.resolve("ledger"))) {
      NativeProcess p = start("exec sleep 300");
      first.record(p.pid()).close();

      try (ProcessGroupLedger next = ProcessGroupLedger.open(leftBehind(dir.resolve("ledger")))) {
        assertStillRunning(p);
      }
    }
  }

  @Test
  void aReusedPid_orAnotherBoot_isLeftAlone() throws Exception {
    NativeProcess p = start("exec sleep 300");
    long start = ProcStat.startTime(p.pid());
    Path reused = Files.writeString(dir.resolve("reused"),
        "soulbox process groups v1 boot " + ProcStat.bootId() + "\n+ " + p.pid() + " " + (start - 1) + "\n");
    Path otherBoot = Files.writeString(dir.resolve("other-boot"),
        "soulbox process groups v1 boot 00000000-0000-0000-0000-000000000000\n+ " + p.pid() + " " + start + "\n");

    ProcessGroupLedger.open(reused).close();
    ProcessGroupLedger.open(otherBoot).close();

    assertStillRunning(p);
  }

  @Test
  void aLedgerInUse_cannotBeOpenedAgain_andClosingDeletesIt() {
    Path file = dir.resolve("ledger");
    try (ProcessGroupLedger held = ProcessGroupLedger.open(file)) {
      assertThatThrownBy(() -> ProcessGroupLedger.open(file)).hasMessageContaining("in use by another agent");
    }
    assertThat(file).doesNotExist();
  }

  private static void assertStillRunning(NativeProcess p) {
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !p.onExit().isDone());
  }

  /** Live processes in the process group {@code pgid}. */
  private static long membersOf(long pgid) throws Exception {
    try (var dirs = Files.list(Path.of("/proc"))) {
      return dirs.filter(d -> d.getFileName().toString().matches("\\d+")).filter(d -> {
        try {
          String stat = Files.readString(d.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          return !f[0].equals("Z") && Long.parseLong(f[2]) == pgid;
        } catch (Exception e) {
          return false;
        }
      }).count();
    }
  }
}
