package dev.soulbox.agent.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process groups an agent started, kept in a small file so that an agent that died without
 * cleaning up (SIGKILL, OOM kill) has its groups killed by the next agent that opens the file.
 *
 * <p>A group is recorded with its leader's pid and start time ({@code /proc/<pid>/stat} field 22)
 * and the machine's boot id, so a reused pid is never mistaken for it. On open, a recorded group
 * is killed when its leader is still alive with the same start time, or, with the leader gone,
 * when processes remain that still carry the group and session id: Linux does not hand out a
 * pid number again while a group or session of that number exists.
 *
 * <p>The file is locked while an agent holds it, and deleted when the agent closes normally.
 */
public final class ProcessGroupLedger implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProcessGroupLedger.class);
  private static final String HEADER = "soulbox process groups v1 boot ";
  private static final Entry NO_ENTRY = () -> { };

  private final Path file;
  private final FileChannel channel;
  private final Map<Long, Long> live = new LinkedHashMap<>();
  private int lines;

  private ProcessGroupLedger(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /** A ledger that records nothing. */
  public static ProcessGroupLedger none() {
    return new ProcessGroupLedger(null, null);
  }

  /**
   * Opens {@code file}, creating it and its directory, kills the groups a previous agent left
   * behind in it, and starts a fresh record.
   */
  public static ProcessGroupLedger open(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new IllegalStateException("process ledger " + file + " is in use by another agent");
      }
      ProcessGroupLedger ledger = new ProcessGroupLedger(file, channel);
      ledger.sweep(read(channel));
      ledger.rewrite();
      return ledger;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open process ledger " + file, e);
    }
  }

  /** A recorded group; closing it forgets the group. */
  public interface Entry extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Records the group led by {@code pid}. Call it before the leader can be reaped, so its start
   * time is still readable; a leader that is already gone is not recorded.
   */
  public Entry record(long pid) {
    if (channel == null) {
      return NO_ENTRY;
    }
    long start = ProcStat.startTime(pid);
    if (start < 0) {
      return NO_ENTRY;
    }
    synchronized (this) {
      live.put(pid, start);
      append("+ " + pid + " " + start + "\n");
    }
    return () -> forget(pid, start);
  }

  private synchronized void forget(long pid, long start) {
    if (channel != null && channel.isOpen() && live.remove(pid, start)) {
      append("- " + pid + "\n");
      if (lines > 1024 && lines > 4 * live.size()) {
        rewrite();
      }
    }
  }

  private void sweep(String previous) {
    String[] rows = previous.split("\n");
    if (rows.length == 0 || !rows[0].equals(HEADER + ProcStat.bootId())) {
      return;
    }
    Map<Long, Long> groups = new LinkedHashMap<>();
    for (int i = 1; i < rows.length; i++) {
      String[] f = rows[i].split(" ");
      try {
        if (f.length == 3 && f[0].equals("+")) {
          groups.put(Long.parseLong(f[1]), Long.parseLong(f[2]));
        } else if (f.length == 2 && f[0].equals("-")) {
          groups.remove(Long.parseLong(f[1]));
        }
      } catch (NumberFormatException e) {
        // a torn last line from a killed agent
      }
    }
    groups.forEach((pgid, start) -> {
      if (ProcStat.groupStillOurs(pgid, start) && Posix.killGroup(pgid, 9)) {
        log.info("killed process group {} left behind by a previous agent", pgid);
      }
    });
  }

  private synchronized void rewrite() {
    StringBuilder text = new StringBuilder(HEADER).append(ProcStat.bootId()).append('\n');
    live.forEach((pid, start) -> text.append("+ ").append(pid).append(' ').append(start).append('\n'));
    try {
      channel.truncate(0);
      channel.position(0);
      write(text.toString());
      lines = 1 + live.size();
    } catch (IOException e) {
      log.warn("cannot rewrite process ledger {}: {}", file, e.toString());
    }
  }

  private void append(String line) {
    try {
      write(line);
      lines++;
    } catch (IOException e) {
      log.warn("cannot write process ledger {}: {}", file, e.toString());
    }
  }

  private void write(String text) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Reads through the locked channel: closing any other descriptor of the file would drop the lock. */
  private static String read(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 16 << 20));
    while (buffer.hasRemaining() && channel.read(buffer) > 0) {
      // fill
    }
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
  }

  /** Stops recording and deletes the file: the agent has ended its groups itself. */
  @Override
  public synchronized void close() {
    if (channel == null || !channel.isOpen()) {
      return;
    }
    try {
      Files.deleteIfExists(file);
      channel.close();
    } catch (IOException e) {
      log.warn("cannot remove process ledger {}: {}", file, e.toString());
    }
  }
}
