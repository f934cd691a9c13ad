package dev.soulbox.agent.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What {@code /proc/<pid>/stat} says about a process: its group, session and start time (clock ticks after boot). */
record ProcStat(long pgrp, long session, long startTime) {
  private static final Path PROC = Path.of("/proc");

  /** Clock ticks after boot at which {@code pid} started, or -1 when there is no such process. */
  static long startTime(long pid) {
    ProcStat stat = of(pid);
    return stat == null ? -1 : stat.startTime;
  }

  /**
   * True when the group {@code pgid}, led by a process that started at {@code start}, still
   * exists: its leader is alive with that start time, or, the leader gone, some process still
   * carries the group and session id (the number cannot have been reused while they exist).
   */
  static boolean groupStillOurs(long pgid, long start) {
    ProcStat leader = of(pgid);
    if (leader != null) {
      return leader.startTime == start;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
      for (Path dir : dirs) {
        ProcStat member = of(Long.parseLong(dir.getFileName().toString()));
        if (member != null && member.pgrp == pgid && member.session == pgid && member.startTime >= start) {
          return true;
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  static String bootId() {
    try {
      return Files.readString(PROC.resolve("sys/kernel/random/boot_id")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static ProcStat of(long pid) {
    String text;
    try {
      text = new String(Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("stat")), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return null;
    }
    // the command name (field 2) may hold spaces and parentheses: fields 3 on follow the last ')'
    String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
    if (f.length < 20) {
      return null;
    }
    return new ProcStat(Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[19]));
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }
}
