package dev.soulbox.agent.process;

import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.grpc.UnimplementedException;
import dev.soulbox.proto.process.Signal;
import java.util.Locale;
import java.util.Map;

/** Linux signal names and numbers, and the names Go gives them in "signal: …" statuses. */
final class Signals {
  static final int SIGHUP = 1;
  static final int SIGINT = 2;
  static final int SIGKILL = 9;
  static final int SIGTERM = 15;

  private static final Map<String, Integer> BY_NAME = Map.ofEntries(
      Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
      Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8),
      Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12),
      Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15), Map.entry("STKFLT", 16),
      Map.entry("CHLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19), Map.entry("TSTP", 20),
      Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23), Map.entry("XCPU", 24),
      Map.entry("XFSZ", 25), Map.entry("VTALRM", 26), Map.entry("PROF", 27), Map.entry("WINCH", 28),
      Map.entry("IO", 29), Map.entry("PWR", 30), Map.entry("SYS", 31));

  private static final Map<Integer, String> DESCRIPTIONS = Map.ofEntries(
      Map.entry(1, "hangup"), Map.entry(2, "interrupt"), Map.entry(3, "quit"),
      Map.entry(4, "illegal instruction"), Map.entry(5, "trace/breakpoint trap"), Map.entry(6, "aborted"),
      Map.entry(7, "bus error"), Map.entry(8, "floating point exception"), Map.entry(9, "killed"),
      Map.entry(10, "user defined signal 1"), Map.entry(11, "segmentation fault"),
      Map.entry(12, "user defined signal 2"), Map.entry(13, "broken pipe"), Map.entry(14, "alarm clock"),
      Map.entry(15, "terminated"), Map.entry(16, "stack fault"), Map.entry(17, "child exited"),
      Map.entry(18, "continued"), Map.entry(19, "stopped (signal)"), Map.entry(20, "stopped"),
      Map.entry(21, "stopped (tty input)"), Map.entry(22, "stopped (tty output)"), Map.entry(23, "urgent I/O condition"),
      Map.entry(24, "CPU time limit exceeded"), Map.entry(25, "file size limit exceeded"),
      Map.entry(26, "virtual timer expired"), Map.entry(27, "profiling timer expired"), Map.entry(28, "window changed"),
      Map.entry(29, "I/O possible"), Map.entry(30, "power failure"), Map.entry(31, "bad system call"));

  private Signals() {}

  /** envd's SendSignal knows TERM and KILL only. */
  static int fromProto(Signal signal) {
    return switch (signal) {
      case SIGNAL_SIGTERM -> SIGTERM;
      case SIGNAL_SIGKILL -> SIGKILL;
      default -> throw new UnimplementedException("signal " + signal + " is not supported by SendSignal; "
          + "use SIGNAL_SIGTERM or SIGNAL_SIGKILL, or soulbox.agent.v1.ProcessControl/Signal for any signal");
    };
  }

  /** Parses "SIGINT", "int" or "2". */
  static int parse(String text) {
    String s = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
    if (s.isEmpty()) {
      throw new InvalidArgumentException("signal is empty; give a name like SIGINT or a number like 2");
    }
    if (s.chars().allMatch(Character::isDigit)) {
      int n;
      try {
        n = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > 64) {
        throw new InvalidArgumentException("signal " + text + " is out of range; Linux signals are 1 to 64");
      }
      return n;
    }
    Integer n = BY_NAME.get(s.startsWith("SIG") ? s.substring(3) : s);
    if (n == null) {
      throw new InvalidArgumentException("unknown signal " + text + "; use a name like SIGINT or a number like 2");
    }
    return n;
  }

  static String describe(int signal) {
    return DESCRIPTIONS.getOrDefault(signal, "signal " + signal);
  }
}
