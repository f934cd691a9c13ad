package dev.soulbox.sdk.internal;

import com.google.protobuf.ByteString;
import dev.soulbox.proto.agent.v1.SignalRequest;
import dev.soulbox.proto.process.CloseStdinRequest;
import dev.soulbox.proto.process.ListRequest;
import dev.soulbox.proto.process.PTY;
import dev.soulbox.proto.process.ProcessInput;
import dev.soulbox.proto.process.ProcessSelector;
import dev.soulbox.proto.process.SendInputRequest;
import dev.soulbox.proto.process.SendSignalRequest;
import dev.soulbox.proto.process.Signal;
import dev.soulbox.proto.process.UpdateRequest;
import dev.soulbox.sdk.ProcessInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;

/** The unary calls on a process, by pid or tag. */
final class ProcessCalls {
  private final SandboxChannel sandbox;

  ProcessCalls(SandboxChannel sandbox) {
    this.sandbox = sandbox;
  }

  static ProcessSelector pid(int pid) {
    if (pid <= 0) {
      throw new IllegalArgumentException("pid must be positive, got " + pid);
    }
    return ProcessSelector.newBuilder().setPid(pid).build();
  }

  static ProcessSelector tag(String tag) {
    if (tag == null || tag.isEmpty()) {
      throw new IllegalArgumentException("tag must not be empty");
    }
    return ProcessSelector.newBuilder().setTag(tag).build();
  }

  List<ProcessInfo> list() {
    return sandbox.call("list processes", () -> sandbox.processBlocking().list(ListRequest.getDefaultInstance()))
        .getProcessesList().stream().map(ProcessMapping::info).toList();
  }

  void sendStdin(ProcessSelector process, byte[] data) {
    send(process, ProcessInput.newBuilder().setStdin(ByteString.copyFrom(data)).build(), "write to stdin of");
  }

  void sendPty(ProcessSelector process, byte[] data) {
    send(process, ProcessInput.newBuilder().setPty(ByteString.copyFrom(data)).build(), "type into");
  }

  void closeStdin(ProcessSelector process) {
    sandbox.call("close stdin of " + describe(process), () -> sandbox.processBlocking()
        .closeStdin(CloseStdinRequest.newBuilder().setProcess(process).build()));
  }

  void resize(ProcessSelector process, int cols, int rows) {
    if (cols < 1 || rows < 1 || cols > 0xFFFF || rows > 0xFFFF) {
      throw new IllegalArgumentException("cols and rows must be between 1 and 65535, got " + cols + "x" + rows);
    }
    PTY pty = PTY.newBuilder().setSize(PTY.Size.newBuilder().setCols(cols).setRows(rows)).build();
    sandbox.call("resize " + describe(process), () -> sandbox.processBlocking()
        .update(UpdateRequest.newBuilder().setProcess(process).setPty(pty).build()));
  }

  void signal(ProcessSelector process, String signal) {
    sandbox.call("send " + signal + " to " + describe(process), () -> sandbox.controlBlocking()
        .signal(SignalRequest.newBuilder().setProcess(process).setSignal(signal).build()));
  }

  /** SIGKILL; false when the process is unknown or has already exited. */
  boolean kill(ProcessSelector process) {
    try {
      sandbox.processBlocking().sendSignal(SendSignalRequest.newBuilder()
          .setProcess(process).setSignal(Signal.SIGNAL_SIGKILL).build());
      return true;
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.NOT_FOUND || code == Status.Code.FAILED_PRECONDITION) {
        return false;
      }
      throw sandbox.error(e, "kill " + describe(process));
    }
  }

  private void send(ProcessSelector process, ProcessInput input, String verb) {
    sandbox.call(verb + " " + describe(process), () -> sandbox.processBlocking()
        .sendInput(SendInputRequest.newBuilder().setProcess(process).setInput(input).build()));
  }

  static String describe(ProcessSelector process) {
    return process.hasTag() ? "process tagged " + process.getTag() : "process " + process.getPid();
  }
}
