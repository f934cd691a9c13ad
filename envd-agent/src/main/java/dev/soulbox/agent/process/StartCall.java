package dev.soulbox.agent.process;

import dev.soulbox.agent.auth.Caller;
import dev.soulbox.agent.auth.UserAccount;
import dev.soulbox.agent.auth.UserPaths;
import dev.soulbox.agent.pty.PtySize;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.proto.process.ProcessConfig;
import dev.soulbox.proto.process.StartRequest;
import dev.soulbox.proto.process.StartResponse;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.ServerCallStreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** One Start call: validate, spawn, register, then stream the process's events from its first byte. */
final class StartCall {
  private final ProcessContext ctx;
  private final StartRequest request;
  private final ServerCallStreamObserver<StartResponse> out;

  StartCall(ProcessContext ctx, StartRequest request, ServerCallStreamObserver<StartResponse> out) {
    this.ctx = ctx;
    this.request = request;
    this.out = out;
  }

  void begin() {
    if (!request.hasProcess()) {
      throw new InvalidArgumentException("process is missing; set process.cmd");
    }
    UserAccount user = Caller.current();
    ProcessConfig config = request.getProcess();
    Path cwd = workingDirectory(config, user);
    PtySize pty = request.hasPty() ? ptySize(request) : null;
    String tag = request.hasTag() ? request.getTag() : null;
    if (tag != null && tag.isEmpty()) {
      throw new InvalidArgumentException("tag is empty; omit it or give a name");
    }
    ctx.registry().checkTagFree(tag);
    boolean stdin = !request.hasStdin() || request.getStdin();
    LaunchSpec spec = new LaunchSpec(config.getCmd(), config.getArgsList(),
        ctx.launcher().environment(user, config.getEnvsMap()), cwd, user, pty, stdin);

    ManagedProcess process = new ManagedProcess(ctx.launcher().spawn(spec),
        config.toBuilder().setCwd(cwd.toString()).build(), tag, stdin, ctx.newOutputBuffer());
    try {
      ctx.registry().add(process);
    } catch (RuntimeException e) {
      process.begin(ctx.processThreads());
      process.signalGroupQuietly(Signals.SIGKILL);
      process.end().whenComplete((exit, error) -> process.release());
      throw e;
    }
    Deadline deadline = Context.current().getDeadline();
    if (deadline != null) {
      process.killAfter(Math.max(0, deadline.timeRemaining(TimeUnit.MILLISECONDS)), ctx.scheduler());
    }
    OutputBuffer.Subscription subscription = process.output().subscribe(0);
    ProcessEventSource.stream(process, subscription, out,
        (event, offset) -> StartResponse.newBuilder().setEvent(event).build(), ctx.scheduler());
    process.begin(ctx.processThreads());
  }

  private Path workingDirectory(ProcessConfig config, UserAccount user) {
    if (!config.hasCwd() || config.getCwd().isEmpty()) {
      return ctx.defaultWorkdir(user);
    }
    Path cwd = UserPaths.resolve(config.getCwd(), user, "cwd");
    if (!Files.exists(cwd)) {
      throw new InvalidArgumentException("cwd " + cwd + " does not exist");
    }
    if (!Files.isDirectory(cwd)) {
      throw new InvalidArgumentException("cwd " + cwd + " is not a directory");
    }
    return cwd;
  }

  private static PtySize ptySize(StartRequest request) {
    if (!request.getPty().hasSize()) {
      throw new InvalidArgumentException("pty.size is missing; set cols and rows");
    }
    return new PtySize(request.getPty().getSize().getCols(), request.getPty().getSize().getRows());
  }
}
