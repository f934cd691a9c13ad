package dev.soulbox.agent.process;

import dev.soulbox.proto.process.ProcessEvent;
import dev.soulbox.proto.process.ProcessEvent.DataEvent;
import dev.soulbox.proto.process.ProcessEvent.EndEvent;

/** Builds envd's process events. */
final class ProcessEvents {
  private static final ProcessEvent KEEPALIVE =
      ProcessEvent.newBuilder().setKeepalive(ProcessEvent.KeepAlive.getDefaultInstance()).build();

  private ProcessEvents() {}

  static ProcessEvent start(long pid) {
    return ProcessEvent.newBuilder().setStart(ProcessEvent.StartEvent.newBuilder().setPid((int) pid)).build();
  }

  static ProcessEvent data(OutputBuffer.Chunk chunk) {
    DataEvent.Builder data = DataEvent.newBuilder();
    switch (chunk.stream()) {
      case STDOUT -> data.setStdout(chunk.data());
      case STDERR -> data.setStderr(chunk.data());
      case PTY -> data.setPty(chunk.data());
    }
    return ProcessEvent.newBuilder().setData(data).build();
  }

  static ProcessEvent end(ExitStatus exit) {
    EndEvent.Builder end = EndEvent.newBuilder()
        .setExitCode(exit.exitCode())
        .setExited(exit.exited())
        .setStatus(exit.status());
    if (exit.error() != null) {
      end.setError(exit.error());
    }
    return ProcessEvent.newBuilder().setEnd(end).build();
  }

  static ProcessEvent keepalive() {
    return KEEPALIVE;
  }
}
