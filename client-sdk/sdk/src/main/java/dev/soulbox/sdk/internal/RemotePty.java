package dev.soulbox.sdk.internal;

import static java.util.Objects.requireNonNull;

import dev.soulbox.sdk.Pty;
import dev.soulbox.sdk.PtyHandle;
import dev.soulbox.sdk.PtyOptions;
import java.util.function.Consumer;

/** {@link Pty} over the sandbox's process service. */
final class RemotePty implements Pty {
  private final SandboxChannel sandbox;
  private final ProcessCalls calls;

  RemotePty(SandboxChannel sandbox) {
    this.sandbox = sandbox;
    this.calls = new ProcessCalls(sandbox);
  }

  @Override
  public PtyHandle create(PtyOptions options) {
    return RemotePtyHandle.create(sandbox, requireNonNull(options, "options"));
  }

  @Override
  public PtyHandle connect(int pid, Consumer<byte[]> onData) {
    return RemotePtyHandle.attach(sandbox, ProcessCalls.pid(pid), requireNonNull(onData, "onData"));
  }

  @Override
  public PtyHandle connect(String tag, Consumer<byte[]> onData) {
    return RemotePtyHandle.attach(sandbox, ProcessCalls.tag(tag), requireNonNull(onData, "onData"));
  }

  @Override
  public void sendInput(int pid, byte[] data) {
    calls.sendPty(ProcessCalls.pid(pid), data);
  }

  @Override
  public void resize(int pid, int cols, int rows) {
    calls.resize(ProcessCalls.pid(pid), cols, rows);
  }

  @Override
  public boolean kill(int pid) {
    return calls.kill(ProcessCalls.pid(pid));
  }
}
