package dev.soulbox.agent.process;

import dev.soulbox.agent.os.WaitStatus;

/**
 * How a process ended, in envd's terms: {@code exitCode} is -1 and {@code exited} false when a
 * signal ended it; {@code status} reads like Go's ("exit status 1", "signal: killed").
 */
record ExitStatus(int exitCode, boolean exited, String status, String error) {
  /**
   * How a process ended, from its wait status. On pipes that says exactly how, whoever sent the
   * signal. pty4j reports death by signal N as exit code 128+N, like a shell, so on a PTY only
   * the signal the agent sent itself ({@code signalSent}: SendSignal, Signal, a deadline) is
   * reported as a signal.
   */
  static ExitStatus of(WaitStatus status, boolean onPty, int signalSent, boolean killedAtDeadline) {
    int signal = status.signaled() ? status.signal()
        : onPty && signalSent != 0 && status.exitCode() == 128 + signalSent ? signalSent : 0;
    if (signal == 0) {
      return exited(status.exitCode());
    }
    String error = killedAtDeadline && signal == Signals.SIGKILL ? "process was killed at its deadline" : null;
    return signaled(signal, status.coreDumped(), error);
  }

  static ExitStatus exited(int code) {
    return new ExitStatus(code, true, "exit status " + code, null);
  }

  static ExitStatus signaled(int signal, boolean coreDumped, String error) {
    String status = "signal: " + Signals.describe(signal) + (coreDumped ? " (core dumped)" : "");
    return new ExitStatus(-1, false, status, error);
  }

  static ExitStatus failed(String error) {
    return new ExitStatus(-1, false, "failed", error);
  }
}
