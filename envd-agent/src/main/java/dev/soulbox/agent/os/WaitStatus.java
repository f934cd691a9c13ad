package dev.soulbox.agent.os;

/** How a child ended, as {@code waitpid} reports it: an exit code, or the signal that killed it. */
public record WaitStatus(int raw) {
  /** A plain exit with {@code code}, for sources that only know the code. */
  public static WaitStatus exitedWith(int code) {
    return new WaitStatus((code & 0xff) << 8);
  }

  public boolean exited() {
    return (raw & 0x7f) == 0;
  }

  public int exitCode() {
    return (raw >> 8) & 0xff;
  }

  public boolean signaled() {
    int signal = raw & 0x7f;
    return signal != 0 && signal != 0x7f;
  }

  public int signal() {
    return raw & 0x7f;
  }

  public boolean coreDumped() {
    return signaled() && (raw & 0x80) != 0;
  }
}
