package dev.soulbox.agent.process;

/**
 * How a process ended, in envd's terms: {@code exitCode} is -1 and {@code exited} false when a
 * signal ended it; {@code status} reads like Go's ("exit status 1", "signal: killed").
 */
record ExitStatus(int exitCode, boolean exited, String status, String error) {
  static ExitStatus exited(int code) {
    return new ExitStatus(code, true, "exit status " + code, null);
  }

  static ExitStatus signaled(int signal, String error) {
    return new ExitStatus(-1, false, "signal: " + Signals.describe(signal), error);
  }

  static ExitStatus failed(String error) {
    return new ExitStatus(-1, false, "failed", error);
  }
}
