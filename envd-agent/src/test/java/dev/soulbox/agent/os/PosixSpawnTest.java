package dev.soulbox.agent.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosixSpawnTest {
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin");
  private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));
  private static final int NOBODY = 65534;

  record Result(long pid, String stdout, String stderr, WaitStatus status) {
    /** The lines of /proc/self/status that start with {@code key}, without the key. */
    String field(String key) {
      return stdout.lines().filter(l -> l.startsWith(key + ":")).map(l -> l.substring(key.length() + 1).trim())
          .findFirst().orElseThrow(() -> new AssertionError("no " + key + " in " + stdout));
    }
  }

  static SpawnSpec spec(String... argv) {
    return new SpawnSpec(Path.of(argv[0]), List.of(argv), ENV, TMP, null, false);
  }

  static Result run(SpawnSpec spec) throws Exception {
    NativeProcess p = PosixSpawn.start(spec);
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.stderr()));
    String out = readAll(p.stdout());
    WaitStatus status = p.onExit().get(10, TimeUnit.SECONDS);
    return new Result(p.pid(), out, err.get(10, TimeUnit.SECONDS), status);
  }

  static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void leadsItsOwnSessionAndProcessGroup() throws Exception {
    Result r = run(spec("/bin/cat", "/proc/self/stat"));

    String[] f = r.stdout().substring(r.stdout().lastIndexOf(')') + 2).split(" ");
    assertThat(Long.parseLong(f[2])).as("pgid").isEqualTo(r.pid());
    assertThat(Long.parseLong(f[3])).as("sid").isEqualTo(r.pid());
  }

  @Test
  void startsWithDefaultSignalsAndNoneBlocked() throws Exception {
    Result r = run(spec("/bin/cat", "/proc/self/status"));

    assertThat(r.field("SigBlk")).isEqualTo("0000000000000000");
    assertThat(r.field("SigIgn")).isEqualTo("0000000000000000");
    assertThat(r.field("SigCgt")).isEqualTo("0000000000000000");
  }

  @Test
  void runsAsTheUser_withItsGroups_andNoWayBackToRoot() throws Exception {
    assumeTrue(Posix.uid() == 0, "switching users needs root");
    Credentials nobody = new Credentials(NOBODY, NOBODY, List.of(NOBODY, 100, 4242));
    String before = Files.readString(Path.of("/proc/thread-self/status"));

    Result r = run(new SpawnSpec(Path.of("/bin/cat"), List.of("cat", "/proc/self/status"), ENV, TMP, nobody, false));
    Result regain = run(new SpawnSpec(Path.of("/usr/bin/python3"),
        List.of("python3", "-c", "import os\ntry:\n os.setuid(0)\nexcept OSError as e:\n print(e.errno)"),
        ENV, TMP, nobody, false));

    assertThat(r.field("Uid")).isEqualTo("65534\t65534\t65534\t65534");
    assertThat(r.field("Gid")).isEqualTo("65534\t65534\t65534\t65534");
    assertThat(r.field("Groups").split(" ")).containsExactlyInAnyOrder("100", "4242", "65534");
    for (String cap : List.of("CapInh", "CapPrm", "CapEff", "CapAmb")) {
      assertThat(r.field(cap)).as(cap).isEqualTo("0000000000000000");
    }
    assertThat(regain.stdout().trim()).as("errno of setuid(0)").isEqualTo("1");
    // the spawning thread is itself again: ids, groups and capabilities
    String after = Files.readString(Path.of("/proc/thread-self/status"));
    for (String key : List.of("Uid:", "Gid:", "Groups:", "CapEff:", "CapPrm:")) {
      assertThat(line(after, key)).isEqualTo(line(before, key));
    }
  }

  @Test
  void aCwdTheUserCannotEnter_failsTheStartWithItsErrno(@TempDir Path dir) throws Exception {
    assumeTrue(Posix.uid() == 0, "switching users needs root");
    Path locked = Files.createDirectory(dir.resolve("locked"), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    SpawnSpec spec = new SpawnSpec(Path.of("/bin/true"), List.of("true"), ENV, locked,
        new Credentials(NOBODY, NOBODY, List.of(NOBODY)), false);

    assertThatThrownBy(() -> PosixSpawn.start(spec)).isInstanceOfSatisfying(ErrnoException.class,
        e -> assertThat(e.errno()).isEqualTo(13));
  }

  @Test
  void appliesCwdAndExactlyTheGivenEnvironment(@TempDir Path dir) throws Exception {
    Map<String, String> env = Map.of("GREETING", "grüß dich", "PATH", "/bin");
    Result r = run(new SpawnSpec(Path.of("/bin/sh"), List.of("sh", "-c", "pwd; env | sort"), env, dir, null, false));

    assertThat(r.stdout()).isEqualTo(dir.toRealPath() + "\nGREETING=grüß dich\nPATH=/bin\nPWD=" + dir.toRealPath() + "\n");
  }

  @Test
  void stdin_isDevNullWhenDisabled_andAPipeOtherwise() throws Exception {
    Result disabled = run(spec("/bin/readlink", "/proc/self/fd/0"));

    NativeProcess cat = PosixSpawn.start(new SpawnSpec(Path.of("/bin/cat"), List.of("cat"), ENV, TMP, null, true));
    try (OutputStream in = cat.stdin()) {
      in.write("through the pipe".getBytes(StandardCharsets.UTF_8));
    }

    assertThat(disabled.stdout().trim()).isEqualTo("/dev/null");
    assertThat(readAll(cat.stdout())).isEqualTo("through the pipe");
    assertThat(cat.onExit().get(10, TimeUnit.SECONDS).exitCode()).isZero();
  }

  @Test
  void noDescriptorOfTheAgentLeaks() throws Exception {
    try (ServerSocket listening = new ServerSocket(0);
         InputStream file = Files.newInputStream(Path.of("/etc/passwd"))) {
      Result r = run(spec("/bin/ls", "/proc/self/fd"));

      // 3 is the directory ls itself opened to list
      assertThat(r.stdout().lines()).containsExactly("0", "1", "2", "3");
    }
  }

  @Test
  void waitStatus_tellsSignalsFromExitCodes() throws Exception {
    WaitStatus usr1 = run(spec("/bin/sh", "-c", "kill -USR1 $$")).status();
    WaitStatus exit137 = run(spec("/bin/sh", "-c", "exit 137")).status();

    assertThat(usr1.signaled()).isTrue();
    assertThat(usr1.signal()).isEqualTo(10);
    assertThat(usr1.exited()).isFalse();
    assertThat(exit137.exited()).isTrue();
    assertThat(exit137.exitCode()).isEqualTo(137);
    assertThat(exit137.signaled()).isFalse();
  }

  @Test
  void aMissingProgram_failsTheStart_andLeaksNoDescriptors() throws Exception {
    long before = openDescriptors();
    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(() -> PosixSpawn.start(spec("/no/such/program")))
          .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(2));
    }
    for (int i = 0; i < 20; i++) {
      run(spec("/bin/true"));
    }

    assertThat(openDescriptors()).isLessThanOrEqualTo(before + 2);
  }

  private static long openDescriptors() throws IOException {
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  private static String line(String status, String key) {
    return Arrays.stream(status.split("\n")).filter(l -> l.startsWith(key)).findFirst().orElse("");
  }
}
