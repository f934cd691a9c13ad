package dev.soulbox.sdk.internal;

import dev.soulbox.proto.agent.v1.AttachRequest;
import dev.soulbox.proto.agent.v1.AttachResponse;
import dev.soulbox.proto.process.ProcessEvent;
import dev.soulbox.proto.process.ProcessEvent.DataEvent;
import dev.soulbox.proto.process.ProcessSelector;
import dev.soulbox.proto.process.StartRequest;
import dev.soulbox.proto.process.StartResponse;
import dev.soulbox.sdk.ConnectionLostException;
import dev.soulbox.sdk.SoulBoxException;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One process's events, kept flowing across dropped connections. It begins with Start (a new
 * process) or Attach (an existing one). When the stream breaks after the process reported its
 * pid, it attaches again after a {@link Backoff} delay, asking for output from the number of bytes
 * already delivered; the agent numbers output by offset, so the listener gets every byte exactly
 * once, in order. Listener calls never overlap.
 */
final class ProcessStream implements AutoCloseable {
  /** What the stream reports; {@code onEnd} or {@code onFailure} comes last, once. */
  interface Listener {
    void onStart(int pid);

    void onOutput(DataEvent.OutputCase kind, byte[] data);

    void onEnd(ProcessEvent.EndEvent end);

    void onFailure(SoulBoxException failure);
  }

  private static final System.Logger log = System.getLogger(ProcessStream.class.getName());

  private final SandboxChannel sandbox;
  private final Listener listener;
  private final Backoff backoff;
  private final Object lock = new Object();
  private ProcessSelector selector;
  private int pid;
  private long offset;
  private boolean finished;
  private int generation;
  private ClientCallStreamObserver<?> call;
  private ScheduledFuture<?> retry;
  private final IdleTimer idle;

  private ProcessStream(SandboxChannel sandbox, ProcessSelector selector, Listener listener) {
    this.sandbox = sandbox;
    this.selector = selector;
    this.listener = listener;
    this.backoff = new Backoff(sandbox.settings().reconnect());
    this.idle = new IdleTimer(sandbox.scheduler(), sandbox.settings().idleTimeout(), this::cancelSilentCall);
  }

  /** Starts a process; {@code timeout} (nullable) becomes the call's deadline, which is the process's lifetime. */
  static ProcessStream start(SandboxChannel sandbox, StartRequest request, String user, Duration timeout,
                             Listener listener) {
    ProcessStream s = new ProcessStream(sandbox, null, listener);
    var stub = sandbox.process(user);
    var deadlined = timeout == null ? stub : stub.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
    deadlined.start(request, s.new Attempt<StartRequest, StartResponse>(0, StartResponse::getEvent, null));
    return s;
  }

  /** Attaches to an existing process from output offset {@code offset}. */
  static ProcessStream attach(SandboxChannel sandbox, ProcessSelector selector, long offset, Listener listener) {
    ProcessStream s = new ProcessStream(sandbox, selector, listener);
    s.offset = offset;
    s.attachCall(0, s.attachRequest());
    return s;
  }

  private AttachRequest attachRequest() {
    return AttachRequest.newBuilder().setProcess(selector).setOffset(offset).build();
  }

  private void attachCall(int g, AttachRequest request) {
    sandbox.control().attach(request, new Attempt<AttachRequest, AttachResponse>(g, AttachResponse::getEvent,
        AttachResponse::getOffset));
  }

  private void reattach() {
    int g;
    AttachRequest request;
    synchronized (lock) {
      if (finished) {
        return;
      }
      g = ++generation;
      request = attachRequest();
      idle.heard();
    }
    sandbox.transport().reconnectNow();
    attachCall(g, request);
  }

  private void onEvent(int g, ProcessEvent event, Long eventOffset) {
    switch (event.getEventCase()) {
      case START -> onStartEvent(g, event.getStart().getPid(), eventOffset);
      case DATA -> onData(g, event.getData(), eventOffset);
      case END -> {
        if (settle(g)) {
          listener.onEnd(event.getEnd());
        }
      }
      default -> { } // keepalive: hearing it is enough
    }
  }

  private void onStartEvent(int g, int startedPid, Long eventOffset) {
    boolean first;
    synchronized (lock) {
      if (finished || g != generation) {
        return;
      }
      backoff.reset();
      first = pid == 0;
      pid = startedPid;
      selector = ProcessSelector.newBuilder().setPid(pid).build();
      if (eventOffset != null && eventOffset > offset) {
        if (!first) {
          log.log(System.Logger.Level.WARNING, "process {0}: {1} bytes of output were lost while disconnected",
              pid, eventOffset - offset);
        }
        offset = eventOffset;
      }
    }
    if (first) {
      listener.onStart(startedPid);
    }
  }

  private void onData(int g, DataEvent data, Long eventOffset) {
    byte[] bytes = switch (data.getOutputCase()) {
      case STDOUT -> data.getStdout().toByteArray();
      case STDERR -> data.getStderr().toByteArray();
      case PTY -> data.getPty().toByteArray();
      default -> new byte[0];
    };
    synchronized (lock) {
      if (finished || g != generation) {
        return;
      }
      long start = eventOffset != null ? eventOffset : offset;
      if (start + bytes.length <= offset) {
        return;
      }
      if (start < offset) {
        bytes = Arrays.copyOfRange(bytes, (int) (offset - start), bytes.length);
        start = offset;
      }
      offset = start + bytes.length;
    }
    if (bytes.length == 0) {
      return;
    }
    listener.onOutput(data.getOutputCase(), bytes);
  }

  private void onBroken(int g, Throwable t) {
    SoulBoxException failure;
    synchronized (lock) {
      if (finished || g != generation) {
        return;
      }
      call = null;
      String what = pid != 0 ? "process " + pid : selector != null ? ProcessCalls.describe(selector) : "process";
      if (!StatusMapping.isTransient(Status.fromThrowable(t), sandbox.sandboxId())) {
        failure = sandbox.error(t, what);
      } else if (selector == null) {
        failure = new ConnectionLostException("connection to sandbox " + sandbox.sandboxId()
            + " lost before the process reported its pid; it may or may not be running (see commands().list())", t);
      } else {
        Optional<Duration> delay = backoff.next();
        if (delay.isPresent() && scheduleReattach(delay.get())) {
          return;
        }
        failure = delay.isPresent()
            ? new ConnectionLostException("the client was closed while streaming " + what, t, pid, offset)
            : gaveUp(what, t);
      }
    }
    if (settle(g)) {
      listener.onFailure(failure);
    }
  }

  /** Under the lock. */
  private ConnectionLostException gaveUp(String what, Throwable cause) {
    return new ConnectionLostException("lost the connection to sandbox " + sandbox.sandboxId() + " while streaming "
        + what + " and could not get it back (" + backoff.attempts() + " attempts in "
        + backoff.sinceFirstFailure().toMillis() + " ms); it may still be running: connect to "
        + (pid != 0 ? "pid " + pid : what) + " again once the sandbox is reachable", cause, pid, offset);
  }

  /** Under the lock; false when the client is closed and nothing can be scheduled any more. */
  private boolean scheduleReattach(Duration delay) {
    try {
      retry = sandbox.scheduler().schedule(this::reattach, delay.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Marks the stream finished; true for the caller that did it. */
  private boolean settle(int g) {
    synchronized (lock) {
      if (finished || g != generation) {
        return false;
      }
      finished = true;
      stopTimers();
      return true;
    }
  }

  private void cancelSilentCall() {
    ClientCallStreamObserver<?> c;
    synchronized (lock) {
      c = finished ? null : call;
    }
    if (c != null) {
      sandbox.transport().abandonConnection();
      c.cancel("no event or keepalive for " + idle.limit().toMillis() + " ms", null);
    }
  }

  /** Stops listening; the process runs on. No listener call follows. Idempotent. */
  @Override
  public void close() {
    ClientCallStreamObserver<?> c;
    synchronized (lock) {
      if (finished) {
        return;
      }
      finished = true;
      stopTimers();
      c = call;
    }
    if (c != null) {
      c.cancel("the client stopped listening", null);
    }
  }

  private void stopTimers() {
    if (retry != null) {
      retry.cancel(false);
    }
    idle.stop();
  }

  /** One Start or Attach call; its callbacks count only while it is the stream's current call. */
  private final class Attempt<Q, R> implements ClientResponseObserver<Q, R> {
    private final int generation;
    private final Function<R, ProcessEvent> event;
    private final Function<R, Long> eventOffset;

    Attempt(int generation, Function<R, ProcessEvent> event, Function<R, Long> eventOffset) {
      this.generation = generation;
      this.event = event;
      this.eventOffset = eventOffset;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
      synchronized (lock) {
        call = requestStream;
      }
    }

    @Override
    public void onNext(R response) {
      idle.heard();
      onEvent(generation, event.apply(response), eventOffset == null ? null : eventOffset.apply(response));
    }

    @Override
    public void onError(Throwable t) {
      onBroken(generation, t);
    }

    @Override
    public void onCompleted() {
      onBroken(generation, Status.UNAVAILABLE.withDescription("the stream ended before the process did")
          .asRuntimeException());
    }
  }
}
