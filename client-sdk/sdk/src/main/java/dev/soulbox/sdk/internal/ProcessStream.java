package dev.soulbox.sdk.internal;

import dev.soulbox.proto.agent.v1.AttachRequest;
import dev.soulbox.proto.agent.v1.AttachResponse;
import dev.soulbox.proto.process.ProcessEvent.DataEvent;
import dev.soulbox.proto.process.ProcessEvent;
import dev.soulbox.proto.process.ProcessSelector;
import dev.soulbox.proto.process.StartRequest;
import dev.soulbox.proto.process.StartResponse;
import dev.soulbox.sdk.ConnectionLostException;
import dev.soulbox.sdk.SoulBoxException;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One process's events, kept flowing across dropped connections. It begins with Start (a new
 * process) or Attach (an existing one). When the stream breaks after the process reported its
 * pid, it attaches again, asking for output from the number of bytes already delivered; the agent
 * numbers output by offset, so the listener gets every byte exactly once, in order. Listener
 * calls never overlap.
 */
final class ProcessStream implements ResumableStream.Resumable<ProcessStream.Event>, AutoCloseable {
  /** What the stream reports; {@code onEnd} or {@code onFailure} comes last, once. */
  interface Listener {
    void onStart(int pid);

    void onOutput(DataEvent.OutputCase kind, byte[] data);

    void onEnd(ProcessEvent.EndEvent end);

    void onFailure(SoulBoxException failure);
  }

  /** A process event and, from Attach, the output offset it refers to (null from Start). */
  record Event(ProcessEvent event, Long offset) {}

  private static final System.Logger log = System.getLogger(ProcessStream.class.getName());

  private final SandboxChannel sandbox;
  private final Listener listener;
  private StartCall start; // the first call of a new process; null once it has reported its pid or for Attach
  private ProcessSelector selector;
  private int pid;
  private long offset;
  private ResumableStream<Event> stream;

  private record StartCall(StartRequest request, String user, Duration timeout) {}

  private ProcessStream(SandboxChannel sandbox, StartCall start, ProcessSelector selector, long offset,
                        Listener listener) {
    this.sandbox = sandbox;
    this.start = start;
    this.selector = selector;
    this.offset = offset;
    this.listener = listener;
  }

  /** Starts a process; {@code timeout} (nullable) becomes the call's deadline, which is the process's lifetime. */
  static ProcessStream start(SandboxChannel sandbox, StartRequest request, String user, Duration timeout,
                             Listener listener) {
    return new ProcessStream(sandbox, new StartCall(request, user, timeout), null, 0, listener).begin();
  }

  /** Attaches to an existing process from output offset {@code offset}. */
  static ProcessStream attach(SandboxChannel sandbox, ProcessSelector selector, long offset, Listener listener) {
    return new ProcessStream(sandbox, null, selector, offset, listener).begin();
  }

  private ProcessStream begin() {
    stream = ResumableStream.open(sandbox, this);
    return this;
  }

  @Override
  public void open(StreamObserver<Event> responses) {
    StartCall first;
    AttachRequest attach;
    synchronized (this) {
      first = start;
      attach = first == null ? AttachRequest.newBuilder().setProcess(selector).setOffset(offset).build() : null;
    }
    if (first != null) {
      var stub = sandbox.process(first.user());
      var deadlined = first.timeout() == null ? stub
          : stub.withDeadlineAfter(first.timeout().toNanos(), TimeUnit.NANOSECONDS);
      deadlined.start(first.request(), Responses.mapped(responses, (StartResponse r) -> new Event(r.getEvent(), null)));
    } else {
      sandbox.control().attach(attach,
          Responses.mapped(responses, (AttachResponse r) -> new Event(r.getEvent(), r.getOffset())));
    }
  }

  @Override
  public Runnable accept(Event e, ResumableStream.Control control) {
    ProcessEvent event = e.event();
    return switch (event.getEventCase()) {
      case START -> started(event.getStart().getPid(), e.offset(), control);
      case DATA -> output(event.getData(), e.offset());
      case END -> control.finish() ? () -> listener.onEnd(event.getEnd()) : null;
      default -> null; // keepalive: hearing it is enough
    };
  }

  private synchronized Runnable started(int startedPid, Long eventOffset, ResumableStream.Control control) {
    control.healthy();
    boolean first = pid == 0;
    pid = startedPid;
    start = null;
    selector = ProcessSelector.newBuilder().setPid(pid).build();
    if (eventOffset != null && eventOffset > offset) {
      if (!first) {
        log.log(System.Logger.Level.WARNING, "process {0}: {1} bytes of output were lost while disconnected",
            pid, eventOffset - offset);
      }
      offset = eventOffset;
    }
    return first ? () -> listener.onStart(startedPid) : null;
  }

  private synchronized Runnable output(DataEvent data, Long eventOffset) {
    byte[] bytes = switch (data.getOutputCase()) {
      case STDOUT -> data.getStdout().toByteArray();
      case STDERR -> data.getStderr().toByteArray();
      case PTY -> data.getPty().toByteArray();
      default -> new byte[0];
    };
    long begin = eventOffset != null ? eventOffset : offset;
    if (begin + bytes.length <= offset) {
      return null;
    }
    if (begin < offset) {
      bytes = Arrays.copyOfRange(bytes, (int) (offset - begin), bytes.length);
      begin = offset;
    }
    offset = begin + bytes.length;
    byte[] delivered = bytes;
    return delivered.length == 0 ? null : () -> listener.onOutput(data.getOutputCase(), delivered);
  }

  @Override
  public synchronized SoulBoxException unresumable(Throwable cause) {
    if (!StatusMapping.isTransient(Status.fromThrowable(cause), sandbox.sandboxId())) {
      return sandbox.error(cause, what());
    }
    if (selector == null) {
      return new ConnectionLostException("connection to sandbox " + sandbox.sandboxId()
          + " lost before the process reported its pid; it may or may not be running (see commands().list())", cause);
    }
    return null;
  }

  @Override
  public synchronized SoulBoxException gaveUp(Throwable cause, Backoff backoff, boolean closing) {
    String what = what();
    if (closing) {
      return new ConnectionLostException("the client was closed while streaming " + what, cause, pid, offset);
    }
    return new ConnectionLostException("lost the connection to sandbox " + sandbox.sandboxId() + " while streaming "
        + what + " and could not get it back (" + backoff.attempts() + " attempts in "
        + backoff.sinceFirstFailure().toMillis() + " ms); it may still be running: connect to "
        + (pid != 0 ? "pid " + pid : what) + " again once the sandbox is reachable", cause, pid, offset);
  }

  @Override
  public void failed(SoulBoxException failure) {
    listener.onFailure(failure);
  }

  private String what() {
    return pid != 0 ? "process " + pid : selector != null ? ProcessCalls.describe(selector) : "process";
  }

  /** Stops listening; the process runs on. No listener call follows. Idempotent. */
  @Override
  public void close() {
    stream.close();
  }
}
