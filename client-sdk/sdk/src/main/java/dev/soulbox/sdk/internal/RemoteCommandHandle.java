package dev.soulbox.sdk.internal;

import dev.soulbox.proto.process.ProcessEvent.DataEvent;
import dev.soulbox.proto.process.ProcessEvent;
import dev.soulbox.proto.process.ProcessSelector;
import dev.soulbox.sdk.CommandExitException;
import dev.soulbox.sdk.CommandHandle;
import dev.soulbox.sdk.CommandOptions;
import dev.soulbox.sdk.CommandResult;
import java.time.Duration;
import java.util.function.Consumer;

/** A command's handle: collects its output as text and passes each piece to the options' callbacks. */
final class RemoteCommandHandle extends RemoteProcess implements CommandHandle {
  private final CommandOptions options;
  private final Utf8Decoder stdoutDecoder = new Utf8Decoder();
  private final Utf8Decoder stderrDecoder = new Utf8Decoder();
  private final StringBuilder stdout = new StringBuilder();
  private final StringBuilder stderr = new StringBuilder();
  private boolean flushed;

  private RemoteCommandHandle(SandboxChannel sandbox, String tag, CommandOptions options, Duration timeout) {
    super(sandbox, tag, timeout);
    this.options = options;
  }

  static RemoteCommandHandle start(SandboxChannel sandbox, String command, CommandOptions options,
                                   boolean stdinByDefault) {
    RemoteCommandHandle h = new RemoteCommandHandle(sandbox, options.tag().orElse(null), options,
        options.timeout().orElse(null));
    var request = ProcessMapping.command(command, options, stdinByDefault);
    h.open(listener -> ProcessStream.start(sandbox, request, options.user().orElse(null),
        options.timeout().orElse(null), listener));
    return h;
  }

  static RemoteCommandHandle attach(SandboxChannel sandbox, ProcessSelector process, CommandOptions options) {
    RemoteCommandHandle h = new RemoteCommandHandle(sandbox, process.hasTag() ? process.getTag() : null, options,
        null);
    h.open(listener -> ProcessStream.attach(sandbox, process, 0, listener));
    return h;
  }

  @Override
  void output(DataEvent.OutputCase kind, byte[] data) {
    boolean isStdout = kind != DataEvent.OutputCase.STDERR;
    String text;
    synchronized (this) {
      text = (isStdout ? stdoutDecoder : stderrDecoder).decode(data);
      (isStdout ? stdout : stderr).append(text);
    }
    if (!text.isEmpty()) {
      (isStdout ? options.onStdout() : options.onStderr()).accept(text);
    }
  }

  @Override
  public synchronized String stdout() {
    return stdout.toString();
  }

  @Override
  public synchronized String stderr() {
    return stderr.toString();
  }

  @Override
  public void sendStdin(byte[] data) {
    calls.sendStdin(selector(), data);
  }

  @Override
  public void closeStdin() {
    calls.closeStdin(selector());
  }

  @Override
  public void signal(String signal) {
    calls.signal(selector(), signal);
  }

  @Override
  public CommandResult waitFor() {
    return result(awaitEnd(null));
  }

  @Override
  public CommandResult waitFor(Duration timeout) {
    return result(awaitEnd(timeout));
  }

  private CommandResult result(ProcessEvent.EndEvent end) {
    String out;
    String err;
    String outTail;
    String errTail;
    synchronized (this) {
      outTail = flushed ? "" : stdoutDecoder.finish();
      errTail = flushed ? "" : stderrDecoder.finish();
      flushed = true;
      out = stdout.append(outTail).toString();
      err = stderr.append(errTail).toString();
    }
    deliver(options.onStdout(), outTail);
    deliver(options.onStderr(), errTail);
    CommandResult result = ProcessMapping.result(end, out, err);
    if (options.throwOnNonZeroExit() && !result.succeeded()) {
      throw new CommandExitException(result);
    }
    return result;
  }

  private static void deliver(Consumer<String> callback, String text) {
    if (!text.isEmpty()) {
      callback.accept(text);
    }
  }
}
