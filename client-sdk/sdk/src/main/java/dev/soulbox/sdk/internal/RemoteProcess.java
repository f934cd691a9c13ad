package dev.soulbox.sdk.internal;

import dev.soulbox.proto.process.ProcessEvent.DataEvent;
import dev.soulbox.proto.process.ProcessEvent;
import dev.soulbox.proto.process.ProcessSelector;
import dev.soulbox.sdk.TimeoutException;
import java.time.Duration;
import java.util.function.Function;

/** What command and terminal handles share: the process's stream, its pid and tag, kill, wait and close. */
abstract class RemoteProcess implements AutoCloseable {
  final SandboxChannel sandbox;
  final ProcessCalls calls;
  private final String tag;
  private final Duration timeout;
  private final ProcessSession session = new ProcessSession(this::output);
  private volatile int pid;

  /** {@code timeout}: the lifetime the process was started with, or null. */
  RemoteProcess(SandboxChannel sandbox, String tag, Duration timeout) {
    this.sandbox = sandbox;
    this.calls = new ProcessCalls(sandbox);
    this.tag = tag;
    this.timeout = timeout;
  }

  /** Receives the process's output, one call at a time. */
  abstract void output(DataEvent.OutputCase kind, byte[] data);

  /** Opens the stream and waits until the process reports its pid. */
  final void open(Function<ProcessStream.Listener, ProcessStream> opener) {
    sandbox.register(this);
    session.whenDone(() -> sandbox.unregister(this));
    try {
      session.follow(opener.apply(session));
      pid = session.awaitStart(sandbox.settings().requestTimeout());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public int pid() {
    return pid;
  }

  public String tag() {
    return tag;
  }

  public boolean isDone() {
    return session.isDone();
  }

  public boolean kill() {
    return calls.kill(selector());
  }

  final ProcessSelector selector() {
    return ProcessCalls.pid(pid);
  }

  /** The end of the process; one the sandbox killed for running past its timeout is a {@link TimeoutException}. */
  final ProcessEvent.EndEvent awaitEnd(Duration wait) {
    ProcessEvent.EndEvent end;
    try {
      end = session.awaitEnd(wait);
    } catch (TimeoutException e) {
      if (session.isDone()) {
        throw timedOut(e);
      }
      throw new TimeoutException("process " + pid + " is still running after " + wait.toMillis() + " ms", e);
    }
    if (ProcessMapping.killedAtDeadline(end)) {
      throw timedOut(null);
    }
    return end;
  }

  private TimeoutException timedOut(Throwable cause) {
    String limit = timeout == null ? "its timeout" : "its timeout of " + timeout.toMillis() + " ms";
    return new TimeoutException("process " + pid + " ran past " + limit + " and was killed", cause);
  }

  /** Stops listening; the process runs on. */
  @Override
  public void close() {
    session.stop();
    sandbox.unregister(this);
  }
}
