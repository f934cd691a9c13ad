package dev.soulbox.sdk.internal;

import dev.soulbox.proto.process.ProcessEvent.DataEvent;
import dev.soulbox.proto.process.ProcessSelector;
import dev.soulbox.sdk.CommandResult;
import dev.soulbox.sdk.PtyHandle;
import dev.soulbox.sdk.PtyOptions;
import java.time.Duration;
import java.util.function.Consumer;

/** A terminal's handle: its output goes straight to the caller's callback as bytes. */
final class RemotePtyHandle extends RemoteProcess implements PtyHandle {
  private final Consumer<byte[]> onData;

  private RemotePtyHandle(SandboxChannel sandbox, String tag, Duration timeout, Consumer<byte[]> onData) {
    super(sandbox, tag, timeout);
    this.onData = onData;
  }

  static RemotePtyHandle create(SandboxChannel sandbox, PtyOptions options) {
    RemotePtyHandle h = new RemotePtyHandle(sandbox, options.tag().orElse(null), options.timeout().orElse(null),
        options.onData());
    var request = ProcessMapping.pty(options);
    h.open(listener -> ProcessStream.start(sandbox, request, options.user().orElse(null),
        options.timeout().orElse(null), listener));
    return h;
  }

  static RemotePtyHandle attach(SandboxChannel sandbox, ProcessSelector process, Consumer<byte[]> onData) {
    RemotePtyHandle h = new RemotePtyHandle(sandbox, process.hasTag() ? process.getTag() : null, null, onData);
    h.open(listener -> ProcessStream.attach(sandbox, process, 0, listener));
    return h;
  }

  @Override
  void output(DataEvent.OutputCase kind, byte[] data) {
    onData.accept(data);
  }

  @Override
  public void sendInput(byte[] data) {
    calls.sendPty(selector(), data);
  }

  @Override
  public void resize(int cols, int rows) {
    calls.resize(selector(), cols, rows);
  }

  @Override
  public CommandResult waitFor() {
    return ProcessMapping.result(awaitEnd(null), "", "");
  }

  @Override
  public CommandResult waitFor(Duration timeout) {
    return ProcessMapping.result(awaitEnd(timeout), "", "");
  }
}
